// Drift classification: what would reject a payload that passes today is breaking.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { driftSummary, githubAnnotations } from "../../src/codegen/drift-report.js";
import { diffSchemas } from "../../src/codegen/schema-diff.js";

// The fixture is edited freely below; typing its every level would only add noise.
type Json = Record<string, any>;
const trust = (): Json => JSON.parse(readFileSync(new URL("../fixtures/schemas/trust.json", import.meta.url), "utf8")) as Json;

/** The trust fixture edited by `edit`, diffed against the original. */
function drift(edit: (schema: Json) => void): { path: string; breaking: boolean; message: string }[] {
  const after = trust();
  edit(after);
  return diffSchemas(trust(), after);
}

describe("diffSchemas", () => {
  it("finds nothing between equal schemas", () => {
    expect(diffSchemas(trust(), trust())).toEqual([]);
  });

  it("sections added and removed", () => {
    expect(
      drift((s) => {
        s.properties.directors = { type: "array", items: { type: "object" } };
        s.properties.tax_info = { type: "object", properties: { tin: { type: "string" } } };
        s.required.push("tax_info");
        delete s.properties.trust_details;
      }),
    ).toEqual([
      { path: "directors", breaking: false, message: "new optional section" },
      { path: "tax_info", breaking: true, message: "new required section" },
      { path: "trust_details", breaking: true, message: "section removed" },
    ]);
  });

  it("fields added and removed: required ones (also conditionally) break, optional ones do not", () => {
    expect(
      drift((s) => {
        const info = s.properties.basicBusinessInfo;
        info.properties.taxId = { type: "string" };
        info.properties.tradingName = { type: "string" };
        info.properties.lei = { type: "string" };
        info.required.push("taxId");
        info.allOf.push({ if: { properties: { natureOfBusiness: { const: "bank" } }, required: ["natureOfBusiness"] }, then: { required: ["lei"] } });
        delete info.properties.services;
        delete s.properties.beneficial_owners.items.additionalProperties;
        delete s.properties.beneficial_owners.items.properties.passport_document;
      }),
    ).toEqual([
      { path: "basicBusinessInfo.lei", breaking: true, message: 'new required field (required when natureOfBusiness is "bank")' },
      { path: "basicBusinessInfo.services", breaking: true, message: "field removed" },
      { path: "basicBusinessInfo.taxId", breaking: true, message: "new required field" },
      { path: "basicBusinessInfo.tradingName", breaking: false, message: "new optional field" },
      { path: "beneficial_owners[]", breaking: false, message: "now accepts unknown fields" },
      { path: "beneficial_owners[].passport_document", breaking: false, message: "field removed" },
    ]);
  });

  it("enum values, required-ness, bounds, types and closedness", () => {
    expect(
      drift((s) => {
        const info = s.properties.basicBusinessInfo;
        info.properties.natureOfBusiness.enum = ["trust", "cryptoExchange", "paymentProcessorPlatform", "insurer"];
        info.required = ["legalName", "natureOfBusiness", "website"];
        info.properties.legalName.maxLength = 100;
        info.properties.stockTicker.pattern = "^[A-Z]{1,4}$";
        s.properties.beneficial_owners.maxItems = 6;
        s.properties.beneficial_owners.items.properties.ownershipPercentage.type = "integer";
        s.properties.trust_details.required = ["trustDeedDate"];
        s.properties.trust_details.properties.trusteeCount.type = "number";
        delete s.$defs.address.additionalProperties;
      }),
    ).toEqual([
      { path: "basicBusinessInfo.legalName", breaking: true, message: "maxLength 200 → 100" },
      { path: "basicBusinessInfo.natureOfBusiness", breaking: true, message: 'value "bank" no longer allowed' },
      { path: "basicBusinessInfo.natureOfBusiness", breaking: false, message: 'new allowed value "insurer"' },
      { path: "basicBusinessInfo.registeredAddress", breaking: false, message: "now accepts unknown fields" },
      { path: "basicBusinessInfo.stockTicker", breaking: true, message: 'pattern "^[A-Z]{1,5}$" → "^[A-Z]{1,4}$"' },
      { path: "basicBusinessInfo.website", breaking: true, message: 'required when natureOfBusiness is not "trust" → required' },
      { path: "beneficial_owners", breaking: false, message: "maxItems 4 → 6" },
      { path: "beneficial_owners[].ownershipPercentage", breaking: true, message: "type number → integer" },
      { path: "trust_details.trustType", breaking: false, message: "required → optional" },
      { path: "trust_details.trusteeCount", breaking: false, message: "type integer → number" },
    ]);
  });
});

describe("drift report", () => {
  const changes = [
    { path: "basicBusinessInfo.taxId", breaking: true, message: "new required field" },
    { path: "basicBusinessInfo.nickname", breaking: false, message: "new optional field, with: a colon, and a comma" },
  ];

  it("summarises breaking changes first", () => {
    expect(driftSummary(changes, "generated/sections/schema.json")).toEqual([
      "generated/sections/schema.json differs from the live schema: 1 breaking change, 1 non-breaking change.",
      "  BREAKING      basicBusinessInfo.taxId: new required field",
      "  non-breaking  basicBusinessInfo.nickname: new optional field, with: a colon, and a comma",
    ]);
  });

  it("writes GitHub workflow commands, escaped", () => {
    expect(githubAnnotations(changes, "generated/sections/schema.json")).toEqual([
      "::error file=generated/sections/schema.json,title=Breaking application schema change::basicBusinessInfo.taxId: new required field",
      "::warning file=generated/sections/schema.json,title=Application schema change::basicBusinessInfo.nickname: new optional field, with: a colon, and a comma",
    ]);
    expect(githubAnnotations([{ path: "a", breaking: true, message: "50%\nnext" }], "x,y:z.json")[0]).toBe(
      "::error file=x%2Cy%3Az.json,title=Breaking application schema change::a: 50%25%0Anext",
    );
  });
});
