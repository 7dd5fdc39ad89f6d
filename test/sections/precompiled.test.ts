// The precompiled validator (validate.js from sync-schema): deterministic, importing only the
// edge-safe entry point, and giving the same answers as the validator Ajv compiles at run time.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPrecompiledValidator } from "../../src/codegen/precompiled-validator.js";
import { createSchemaValidator, type SchemaValidator } from "../../src/sections/index.js";
import { precompiledFolder } from "../support/precompile.js";
import { fixtureSchema } from "../support/schemas.js";

const root = new URL("../../", import.meta.url);
const read = (path: string): Promise<string> => readFile(new URL(path, root), "utf8");
const uuid = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";

let folder: Awaited<ReturnType<typeof precompiledFolder>>;
beforeAll(async () => {
  folder = await precompiledFolder();
});
afterAll(() => folder.remove());

/** Payloads that exercise every kind of error, by section, for the fixtures. */
const payloads: Record<string, [string, unknown][]> = {
  trust: [
    ["basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust" }],
    ["basicBusinessInfo", { natureOfBusiness: "casino", website: "not a uri", services: ["custody", "custody"], nickname: 1 }],
    ["basicBusinessInfo", { legalName: "", natureOfBusiness: "cryptoExchange", isPubliclyTraded: true, incorporationDate: "2024-02-30" }],
    ["beneficial_owners", [{ firstName: "A", lastName: "B", ownershipPercentage: 10, isUsPerson: true }, { firstName: "C" }]],
    ["authorized_signers", []],
    ["trust_details", { trustDeedDate: "2020-01-01", trustType: "revocable", lastReviewedAt: "yesterday" }],
    ["trust_details", "not an object"],
  ],
  "crypto-exchange": [
    ["basicBusinessInfo", { legalName: "X", natureOfBusiness: "otcDesk", contactEmail: "ops-at-x", amlPolicyDocument: uuid }],
    ["basicBusinessInfo", { legalName: "X", natureOfBusiness: "cryptoExchange", contactEmail: "a@b.test", supportedAssets: ["USDC"] }],
    ["directors", [{ firstName: "A", lastName: "B", role: "chair", identityDocument: "nope" }, { role: "ceo" }]],
    ["compliance_program", { complianceOfficerName: "Ada", sanctionsScreeningVendor: "V" }],
  ],
};

/** Everything a validator answers for a fixture's payloads, to compare two validators. */
function answers(v: SchemaValidator, cases: [string, unknown][]): unknown[] {
  const out: unknown[] = [v.sectionNames, v.warnings, v.requiredSections({}), v.validateData(Object.fromEntries(cases))];
  for (const [name, payload] of cases) {
    out.push(v.validateSection(name, payload), v.section(name)["~standard"].validate(payload));
    const entity = Array.isArray(payload) ? payload[0] : payload;
    out.push(v.requiredFields(name, entity), v.requiredSections({ [name]: payload }));
  }
  return out;
}

describe.each(Object.keys(payloads))("the %s fixture, precompiled", (name) => {
  it("answers exactly as the validator Ajv compiles at run time", async () => {
    const schema = fixtureSchema(name);
    const precompiled = await folder.load(schema);
    expect(answers(precompiled, payloads[name]!)).toEqual(answers(createSchemaValidator(schema), payloads[name]!));
    // The schema as given, in its own key order: forms show sections and fields in that order.
    expect(JSON.stringify(precompiled.schema)).toBe(JSON.stringify(schema));
  });

  it("is deterministic: the same schema gives the same bytes", async () => {
    const schema = fixtureSchema(name);
    expect(renderPrecompiledValidator(structuredClone(schema))).toEqual(renderPrecompiledValidator(schema));
  });
});

describe("the module sync-schema writes", () => {
  it("is the committed generated/sections/validate.js and validate.d.ts for the OpenAPI document's example", async () => {
    const rendered = renderPrecompiledValidator(fixtureSchema("openapi-trust-example"));
    expect(rendered.validateJs).toBe(await read("generated/sections/validate.js"));
    expect(rendered.validateDts).toBe(await read("generated/sections/validate.d.ts"));
  });

  it("imports only circle-onboarding/precompiled, and neither requires nor compiles code", async () => {
    const { validateJs } = renderPrecompiledValidator(fixtureSchema("crypto-exchange"));
    const imports = [...validateJs.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports).toEqual(["circle-onboarding/precompiled"]);
    expect(validateJs).not.toMatch(/\brequire\(|new Function|\beval\(|\bimport\(/);
    expect(validateJs).toMatch(/^export const validator = /m);
  });

  it("refuses a document that is not an application schema", () => {
    expect(() => renderPrecompiledValidator({ type: "object" })).toThrow(/`properties` are the sections/);
  });
});

describe("section(name): a Standard Schema v1 object per section", () => {
  it("gives the value back when valid, issues with key paths from the section's root when not", async () => {
    const v = await folder.load(fixtureSchema("trust"));
    const owners = v.section("beneficial_owners");
    expect(owners["~standard"]).toMatchObject({ version: 1, vendor: "circle-onboarding" });
    expect(owners.name).toBe("beneficial_owners");
    const valid = [{ firstName: "A", lastName: "B", ownershipPercentage: 30 }];
    expect(owners["~standard"].validate(valid)).toEqual({ value: valid });
    expect(owners["~standard"].validate(valid).issues).toBeUndefined();
    expect(owners["~standard"].validate([{ firstName: "A", lastName: "B", ownershipPercentage: 30, isUsPerson: true }])).toEqual({
      issues: [{ message: "ssnLast4 is required", path: [0, "ssnLast4"] }],
    });
    expect(v.section("basicBusinessInfo")["~standard"].validate({ legalName: "Acme" })).toEqual({ issues: [{ message: "natureOfBusiness is required", path: ["natureOfBusiness"] }] });
    expect(v.section("trust_details")).toBe(v.section("trust_details"));
    expect(() => v.section("nope")).toThrow(/sectionName: one of basicBusinessInfo/);
  });

  it("keeps a key made of digits a string in an object, and a number in an array", async () => {
    const v = createSchemaValidator({ type: "object", properties: { s: { type: "object", properties: { "0": { type: "array", items: { type: "string" } } } } } });
    expect(v.section("s")["~standard"].validate({ "0": ["a", 1] })).toEqual({ issues: [{ message: "must be a string", path: ["0", 1] }] });
  });
});

describe("the conditions requiredFields evaluates, precompiled", () => {
  // Each `if` must be in validate.js: requiredFields asks for it by its pointer in the schema as given.
  const owner = { type: "object", properties: { isUsPerson: { type: "boolean" }, ssn: { type: "string" }, passport: { type: "string" } }, if: { properties: { isUsPerson: { const: true } }, required: ["isUsPerson"] }, then: { required: ["ssn"] }, else: { required: ["passport"] } };

  it.each([
    ["type: array", { type: "array", items: owner }],
    ['type: ["array", "null"]', { type: ["array", "null"], items: owner }],
    ["items without a type", { items: owner }],
  ])("are compiled for an array section declared with %s", async (_, section) => {
    const schema = { type: "object", properties: { owners: section } };
    const precompiled = await folder.load(schema);
    const runtime = createSchemaValidator(schema);
    for (const entity of [{ isUsPerson: true }, { isUsPerson: false }, {}]) {
      expect(precompiled.requiredFields("owners", entity)).toEqual(runtime.requiredFields("owners", entity));
    }
    expect(precompiled.requiredFields("owners", { isUsPerson: true })).toContain("ssn");
  });

  it("keep their allOf index when a subschema has its own $id beside a $ref", async () => {
    // Ajv needs that $ref moved into allOf; moved to the front, it would shift allOf/0 and allOf/1.
    const schema = {
      type: "object",
      $defs: { base: { type: "object" } },
      properties: {
        s: {
          $id: "https://example.test/s",
          $ref: "https://example.test/root#/$defs/base",
          allOf: [
            { if: { properties: { a: { const: 1 } }, required: ["a"] }, then: { required: ["fromFirst"] } },
            { if: { properties: { b: { const: 2 } }, required: ["b"] }, then: { required: ["fromSecond"] } },
          ],
        },
      },
      $id: "https://example.test/root",
    };
    const runtime = createSchemaValidator(schema);
    const precompiled = await folder.load(schema);
    for (const v of [runtime, precompiled]) {
      expect(v.requiredFields("s", { a: 1 })).toEqual(["fromFirst"]);
      expect(v.requiredFields("s", { b: 2 })).toEqual(["fromSecond"]);
      expect(v.requiredFields("s", { a: 1, b: 2 })).toEqual(["fromFirst", "fromSecond"]);
    }
  });
});
