// resolveSchema (the local `?resolved=true`) and prune (stale answers dropped), and the property
// that ties them to describeForm: the full schema and the resolved one describe the same form.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldView } from "../../src/forms/field-schema.js";
import { describeForm, type FormModel, type FormValidator, prune, resolveSchema } from "../../src/forms/index.js";
import { objectPlan } from "../../src/forms/plan.js";
import { createSchemaValidator } from "../../src/sections/index.js";
import type { JsonSchema, SchemaObject } from "../../src/sections/schema-node.js";
import { fixtureSchema } from "../support/schemas.js";
import { field, section, validatorOf } from "./support.js";

const trust = validatorOf("trust");
const circle = validatorOf("circle-forms");

/** A validator that reports nothing: the model's structure without Ajv (fast enough for many runs). */
const structureOnly = (schema: SchemaObject): FormValidator => ({ schema, validateData: () => [] });

/** The model without what is hidden (the resolved schema drops it). */
function shown(model: FormModel): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((v) => !(typeof v === "object" && v !== null && (v as { visibility?: string }).visibility === "hidden")).map(strip);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "value" ? v : strip(v)]));
  };
  return strip(model);
}

/** Answers for a schema: any subset of its fields (conditional ones included), values drawn from small pools that hit every branch. */
function answers(root: SchemaObject): fc.Arbitrary<Record<string, unknown>> {
  const valueOf = (node: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    const view = fieldView(root, [node]);
    if (view.values) return fc.constantFrom(...view.values.map((v) => v.value));
    switch (view.type) {
      case "boolean":
        return fc.boolean();
      case "number":
      case "integer":
        return fc.constantFrom(0, 30, 100);
      case "object":
        return depth > 3 ? fc.constant({}) : objectOf(view.nodes, depth + 1);
      case "array": {
        const items = view.items.length ? fieldView(root, view.items) : undefined;
        if (items?.values) return fc.subarray(items.values.map((v) => v.value));
        return depth > 3 || !items ? fc.constant([]) : fc.array(valueOf(items.nodes[0]!, depth + 1), { maxLength: 2 });
      }
      default:
        return fc.constantFrom("", "A", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", "https://example.test");
    }
  };
  const objectOf = (nodes: readonly JsonSchema[], depth: number): fc.Arbitrary<Record<string, unknown>> => {
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const node of nodes) {
      for (const member of objectPlan(root, node).members) {
        const declared = member.declarations[0]?.schema;
        record[member.name] ??= declared === undefined ? fc.constant("A") : valueOf(declared, depth);
      }
    }
    return fc.record(record, { requiredKeys: [] });
  };
  return objectOf([root], 0);
}

describe("resolveSchema", () => {
  it("keeps every branch while nothing is answered, and marks the schema resolved; the input is untouched", () => {
    const schema = fixtureSchema("trust");
    const copy = structuredClone(schema);
    const resolved = resolveSchema(schema, {});
    expect(schema).toEqual(copy);
    expect(resolved["x-resolved"]).toBe(true);
    expect(Object.keys(resolved.properties as object)).toEqual(Object.keys(schema.properties as object));
    expect(JSON.stringify(resolved)).toContain('"const":"cryptoExchange"');
  });

  it("drops what certainly does not apply: decided branches merged or removed, hidden sections and fields gone", () => {
    const schema = fixtureSchema("trust");
    const resolved = resolveSchema(schema, { basicBusinessInfo: { natureOfBusiness: "trust", beneficialOwnersExist: false, isPubliclyTraded: true } });
    const sections = resolved.properties as Record<string, SchemaObject>;
    expect(Object.keys(sections)).toEqual(["basicBusinessInfo", "authorized_signers", "trust_details"]);
    const business = JSON.stringify(sections.basicBusinessInfo);
    expect(business).not.toContain("cryptoExchangeLicenseNumber");
    expect(business).not.toContain('"website"');
    // Decided: the ticker is now required outright; undecided: the regulatory status branch stays.
    expect(business).toContain('{"required":["stockTicker"]}');
    expect(business).toContain('"enum":["licensed","pending"]');
    // Top level: trust_details is required without a condition.
    expect(resolved.allOf).toContainEqual({ required: ["trust_details"] });
    const validator = createSchemaValidator(resolved);
    expect(validator.warnings).toEqual([]);
    expect(validator.validateSection("basicBusinessInfo", { legalName: "A", natureOfBusiness: "trust", isPubliclyTraded: true })).toEqual([
      { path: "basicBusinessInfo.stockTicker", code: "required", message: "stockTicker is required" },
    ]);
  });

  it("inlines a $ref'd definition where one instance uses it, and leaves array items to each entity", () => {
    const schema = fixtureSchema("circle-forms");
    const resolved = resolveSchema(schema, { basicBusinessInfo: { natureOfBusiness: "fintech" } });
    const sections = resolved.properties as Record<string, SchemaObject>;
    expect(sections.beneficial_owners!.items).toEqual({ $ref: "#/$defs/owner" });
    expect(JSON.stringify(sections.basicBusinessInfo)).toContain('"fintechCharter"');
    expect(JSON.stringify(sections.basicBusinessInfo)).not.toContain("cryptoExchangeLicenseNumber");
    expect(resolved.$defs).toEqual(schema.$defs);
  });

  it("refuses what is not an application schema, in one line", () => {
    expect(() => resolveSchema({ type: "string" }, {})).toThrow("schema: a JSON Schema object whose `properties` are the sections");
    expect(() => resolveSchema(fixtureSchema("trust"), null)).toThrow(/^data: /);
  });

  it.each(["trust", "crypto-exchange", "circle-forms", "openapi-trust-example"])("describeForm agrees on the full and the resolved schema (%s, any answers)", (name) => {
    const schema = fixtureSchema(name);
    const full = structureOnly(schema);
    fc.assert(
      fc.property(answers(schema), (data) => {
        const pruned = prune(full, data);
        const resolved = structureOnly(resolveSchema(schema, pruned));
        expect(shown(describeForm(resolved, pruned))).toEqual(shown(describeForm(full, pruned)));
      }),
      { numRuns: 60 },
    );
  });

  it("and the validator of the resolved schema reports the same errors on the pruned answers", () => {
    const samples = [
      { basicBusinessInfo: { natureOfBusiness: "cryptoExchange", supportedAssets: ["USDC"], beneficialOwnersExist: true }, beneficial_owners: [{ isUsPerson: true }, { firstName: "" }] },
      { basicBusinessInfo: { legalName: "A", natureOfBusiness: "fintech", website: "nope" } },
      { basicBusinessInfo: {}, trust_details: { trustType: "other" } },
    ];
    for (const data of samples) {
      const pruned = prune(circle, data);
      const resolved = createSchemaValidator(resolveSchema(circle.schema, pruned));
      expect(describeForm(resolved, pruned).errors).toEqual(describeForm(circle, pruned).errors);
    }
  });
});

describe("prune", () => {
  it("drops the answers of a branch the user left, keeps pending ones, and changes nothing it is given", () => {
    const data = {
      basicBusinessInfo: { legalName: "A", natureOfBusiness: "trust", cryptoExchangeLicenseNumber: "L-1", website: "https://a.test", stockTicker: "ACME", services: ["trading"], custodyProvider: "C" },
      beneficial_owners: [{ firstName: "J" }],
    };
    const copy = structuredClone(data);
    const pruned = prune(trust, data);
    expect(data).toEqual(copy);
    // The ticker waits for isPubliclyTraded, so it stays; beneficial_owners waits for beneficialOwnersExist.
    expect(pruned).toEqual({ basicBusinessInfo: { legalName: "A", natureOfBusiness: "trust", stockTicker: "ACME", services: ["trading"] }, beneficial_owners: [{ firstName: "J" }] });
    expect(prune(trust, pruned)).toEqual(pruned);
  });

  it("drops a section switched off, and per entity the fields its own answers hide", () => {
    const pruned = prune(circle, {
      basicBusinessInfo: { natureOfBusiness: "fintech", beneficialOwnersExist: false },
      beneficial_owners: [{ firstName: "J" }],
      trust_details: { trustType: "revocable" },
    });
    expect(pruned).toEqual({ basicBusinessInfo: { natureOfBusiness: "fintech", beneficialOwnersExist: false } });
    const owners = prune(circle, {
      basicBusinessInfo: { beneficialOwnersExist: true },
      beneficial_owners: [
        { refId: "r1", isUsPerson: true, ssnLast4: "1234", nationality: "FR" },
        { isUsPerson: false, ssnLast4: "1234", nationality: "FR" },
        { ssnLast4: "1234", nationality: "FR" },
      ],
    });
    expect(owners.beneficial_owners).toEqual([
      { refId: "r1", isUsPerson: true, ssnLast4: "1234" },
      { isUsPerson: false, nationality: "FR" },
      { ssnLast4: "1234", nationality: "FR" },
    ]);
  });

  it("keeps what the schema does not describe, for the validator to report", () => {
    const form = describeForm(trust, prune(trust, { basicBusinessInfo: { color: "red" }, unknownSection: {} }));
    expect(section(form, "basicBusinessInfo").errors.map((e) => e.path)).toContain("basicBusinessInfo.color");
    expect(form.errors.map((e) => e.path)).toContain("unknownSection");
  });

  it("reads context like describeForm", () => {
    const pruned = prune(trust, { basicBusinessInfo: { cryptoExchangeLicenseNumber: "L" }, trust_details: { trustType: "revocable" } }, { context: { natureOfBusiness: "trust" } });
    expect(pruned).toEqual({ basicBusinessInfo: {}, trust_details: { trustType: "revocable" } });
    expect(field(describeForm(trust, pruned, { context: { natureOfBusiness: "trust" } }), "trust_details.trustType").required).toBe(true);
  });
});
