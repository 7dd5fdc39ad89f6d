// Pre-flight validation: errors shaped like the server's 422 entries, one per failing field.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/errors.js";
import { createSchemaValidator } from "../../src/sections/index.js";
import { circleExampleSection } from "../support/circle-example.js";
import { fixtureSchema } from "../support/schemas.js";

const trust = createSchemaValidator(fixtureSchema("trust"));
const crypto = createSchemaValidator(fixtureSchema("crypto-exchange"));
const uuid = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const business = { legalName: "Acme Trust", natureOfBusiness: "trust" };

/** A validator for one section `s` with the given schema. */
const single = (section: unknown, extra: Record<string, unknown> = {}) => createSchemaValidator({ type: "object", properties: { s: section }, ...extra });

describe("validateSection, keyword by keyword", () => {
  it("accepts a valid payload with no errors", () => {
    expect(trust.validateSection("basicBusinessInfo", business)).toEqual([]);
    expect(trust.validateSection("beneficial_owners", [{ firstName: "A", lastName: "B", ownershipPercentage: 30 }])).toEqual([]);
  });

  it("required: the path names the missing field", () => {
    expect(trust.validateSection("basicBusinessInfo", { natureOfBusiness: "trust" })).toEqual([
      { path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" },
    ]);
  });

  it("enum and const", () => {
    expect(trust.validateSection("basicBusinessInfo", { ...business, natureOfBusiness: "casino", website: "https://casino.test" })).toEqual([
      { path: "basicBusinessInfo.natureOfBusiness", code: "enum", message: 'must be one of: "trust", "cryptoExchange", "paymentProcessorPlatform", "bank"' },
    ]);
    expect(single({ type: "object", properties: { kind: { const: "trust" } } }).validateSection("s", { kind: "bank" })).toEqual([
      { path: "s.kind", code: "const", message: 'must be "trust"' },
    ]);
  });

  it("minLength, maxLength and pattern", () => {
    const errors = trust.validateSection("basicBusinessInfo", { ...business, legalName: "", stockTicker: "acme", registeredAddress: { line1: "x".repeat(101), city: "C", country: "USA" } });
    expect(errors).toEqual([
      { path: "basicBusinessInfo.legalName", code: "minLength", message: "must not be empty" },
      { path: "basicBusinessInfo.stockTicker", code: "pattern", message: "must match the pattern ^[A-Z]{1,5}$" },
      { path: "basicBusinessInfo.registeredAddress.line1", code: "maxLength", message: "must be at most 100 characters long" },
      { path: "basicBusinessInfo.registeredAddress.country", code: "maxLength", message: "must be at most 2 characters long" },
    ]);
  });

  it("format: uuid, uri, date, date-time, email", () => {
    expect(trust.validateSection("basicBusinessInfo", { ...business, authorizedRepGovernmentId: "nope", website: "not a uri", incorporationDate: "2024-02-30" })).toEqual([
      { path: "basicBusinessInfo.website", code: "format", message: "must be a valid URI" },
      { path: "basicBusinessInfo.incorporationDate", code: "format", message: "must be a valid date (YYYY-MM-DD)" },
      { path: "basicBusinessInfo.authorizedRepGovernmentId", code: "format", message: "must be a valid UUID" },
    ]);
    expect(trust.validateSection("trust_details", { trustDeedDate: "2020-01-01", trustType: "revocable", lastReviewedAt: "yesterday" })).toEqual([
      { path: "trust_details.lastReviewedAt", code: "format", message: "must be a valid date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)" },
    ]);
    expect(crypto.validateSection("basicBusinessInfo", { legalName: "X", natureOfBusiness: "otcDesk", contactEmail: "ops-at-x", amlPolicyDocument: uuid })).toEqual([
      { path: "basicBusinessInfo.contactEmail", code: "format", message: "must be a valid email address" },
    ]);
  });

  it("minimum, maximum, exclusive bounds, multipleOf and type", () => {
    const owners = [{ firstName: "A", lastName: "B", ownershipPercentage: 10 }, { firstName: "C", lastName: "D", ownershipPercentage: 101 }];
    expect(trust.validateSection("beneficial_owners", owners)).toEqual([
      { path: "beneficial_owners.0.ownershipPercentage", code: "minimum", message: "must be at least 25" },
      { path: "beneficial_owners.1.ownershipPercentage", code: "maximum", message: "must be at most 100" },
    ]);
    const v = single({ type: "object", properties: { n: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 10 }, m: { type: "number", multipleOf: 0.5 } } });
    expect(v.validateSection("s", { n: 0, m: 0.3 })).toEqual([
      { path: "s.n", code: "exclusiveMinimum", message: "must be greater than 0" },
      { path: "s.m", code: "multipleOf", message: "must be a multiple of 0.5" },
    ]);
    expect(v.validateSection("s", { n: 1.5 })).toEqual([{ path: "s.n", code: "type", message: "must be an integer" }]);
    expect(v.validateSection("s", "text")).toEqual([{ path: "s", code: "type", message: "must be an object" }]);
  });

  it("maxItems and minItems on array sections and nested arrays", () => {
    const owner = { firstName: "A", lastName: "B", ownershipPercentage: 25 };
    expect(trust.validateSection("beneficial_owners", [owner, owner, owner, owner, owner])).toEqual([
      { path: "beneficial_owners", code: "maxItems", message: "must have at most 4 items" },
    ]);
    expect(trust.validateSection("authorized_signers", [])).toEqual([{ path: "authorized_signers", code: "minItems", message: "must have at least 1 item" }]);
  });

  it("additionalProperties: the path names the extra field, in sections, nested objects and array entities", () => {
    expect(trust.validateSection("basicBusinessInfo", { ...business, nickname: "A", registeredAddress: { line1: "1", city: "C", country: "US", zip: "1" } })).toEqual([
      { path: "basicBusinessInfo.nickname", code: "additionalProperties", message: "nickname is not an allowed field" },
      { path: "basicBusinessInfo.registeredAddress.zip", code: "additionalProperties", message: "zip is not an allowed field" },
    ]);
    expect(trust.validateSection("authorized_signers", [{ firstName: "A", lastName: "B", title: "CEO" }])).toEqual([
      { path: "authorized_signers.0.title", code: "additionalProperties", message: "title is not an allowed field" },
    ]);
  });

  it("if/then: the requirement is reported without Ajv's `if` wrapper", () => {
    expect(trust.validateSection("basicBusinessInfo", { ...business, natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" })).toEqual([
      { path: "basicBusinessInfo.website", code: "required", message: "website is required" },
    ]);
    expect(trust.validateSection("basicBusinessInfo", { ...business, services: ["custody"], isPubliclyTraded: true })).toEqual([
      { path: "basicBusinessInfo.stockTicker", code: "required", message: "stockTicker is required" },
      { path: "basicBusinessInfo.custodyProvider", code: "required", message: "custodyProvider is required" },
    ]);
    const owner = { firstName: "A", lastName: "B", ownershipPercentage: 30, isUsPerson: true };
    expect(trust.validateSection("beneficial_owners", [owner])).toEqual([
      { path: "beneficial_owners.0.ssnLast4", code: "required", message: "ssnLast4 is required" },
    ]);
  });

  it("dependentRequired points at the missing field", () => {
    expect(crypto.validateSection("compliance_program", { complianceOfficerName: "Ada", sanctionsScreeningVendor: "V" })).toEqual([
      { path: "compliance_program.sanctionsScreeningSince", code: "dependentRequired", message: "sanctionsScreeningSince is required when sanctionsScreeningVendor is present" },
    ]);
  });

  it("uniqueItems, contains and not", () => {
    expect(trust.validateSection("basicBusinessInfo", { ...business, services: ["custody", "custody"], custodyProvider: "X" })).toEqual([
      { path: "basicBusinessInfo.services", code: "uniqueItems", message: "must not contain duplicates (items 0 and 1 are equal)" },
    ]);
    const v = single({ type: "object", properties: { tags: { type: "array", contains: { const: "a" } }, code: { not: { const: "x" } } } });
    expect(v.validateSection("s", { tags: ["b"], code: "x" })).toEqual([
      { path: "s.tags", code: "contains", message: "must contain at least 1 matching item" },
      { path: "s.code", code: "not", message: "must not match the excluded shape" },
    ]);
  });

  it("escaped pointer segments (~1, ~0) come out as the field's own name", () => {
    const v = single({ type: "object", properties: { "a/b": { type: "object", properties: { "c~d": { type: "string" } } } } });
    expect(v.validateSection("s", { "a/b": { "c~d": 1 } })).toEqual([{ path: "s.a/b.c~d", code: "type", message: "must be a string" }]);
  });

  it("anyOf/oneOf: one readable entry with the closest branch, not every branch's errors", () => {
    const v = single({
      type: "object",
      properties: {
        contact: {
          oneOf: [
            { type: "object", properties: { kind: { const: "email" }, email: { type: "string", format: "email" } }, required: ["kind", "email"] },
            { $ref: "#/$defs/phone" },
          ],
        },
      },
    }, { $defs: { phone: { type: "object", properties: { kind: { const: "phone" }, phone: { type: "string" } }, required: ["kind", "phone"] } } });
    expect(v.validateSection("s", { contact: { kind: "email" } })).toEqual([
      { path: "s.contact", code: "oneOf", message: "must match exactly one allowed shape (closest: email is required)" },
    ]);
    expect(v.validateSection("s", { contact: { kind: "email", email: "a@b.test", phone: "1" } })).toEqual([]);
    const both = single({ anyOf: [{ type: "string" }, { type: "number" }] });
    expect(both.validateSection("s", true)).toEqual([{ path: "s", code: "anyOf", message: "must match one of the allowed shapes (closest: must be a string)" }]);
    const twice = single({ oneOf: [{ type: "number" }, { minimum: 0 }] });
    expect(twice.validateSection("s", 3)).toEqual([{ path: "s", code: "oneOf", message: "must match exactly one allowed shape, but matches shapes 1 and 2" }]);
  });
});

describe("section names", () => {
  it("lists the sections in schema order", () => {
    expect(trust.sectionNames).toEqual(["basicBusinessInfo", "beneficial_owners", "authorized_signers", "trust_details"]);
  });

  it("throws InvalidRequestError for an unknown section, listing the valid names", () => {
    expect(() => trust.validateSection("basicBusinessInfoo", {})).toThrow(InvalidRequestError);
    expect(() => trust.validateSection("basicBusinessInfoo", {})).toThrow(
      'sectionName: one of basicBusinessInfo, beneficial_owners, authorized_signers, trust_details; got "basicBusinessInfoo"',
    );
    expect(() => trust.requiredFields("nope", {})).toThrow(InvalidRequestError);
  });
});

describe("validateData (bulk saves)", () => {
  it("validates each section present and reports unknown names", () => {
    expect(
      trust.validateData({ basicBusinessInfo: { natureOfBusiness: "trust" }, trust_details: { trustDeedDate: "2020-01-01", trustType: "revocable" }, director: {} }),
    ).toEqual([
      { path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" },
      { path: "director", code: "additionalProperties", message: "director is not a section of this application (sections: basicBusinessInfo, beneficial_owners, authorized_signers, trust_details)" },
    ]);
    expect(trust.validateData({})).toEqual([]);
    expect(() => trust.validateData([] as unknown as Record<string, unknown>)).toThrow(InvalidRequestError);
  });
});

describe("requiredSections", () => {
  it("gives the top-level required sections, then those the data's if/then switch on", () => {
    expect(trust.requiredSections({})).toEqual(["basicBusinessInfo", "authorized_signers"]);
    expect(trust.requiredSections({ basicBusinessInfo: { natureOfBusiness: "trust" } })).toEqual(["basicBusinessInfo", "authorized_signers", "trust_details"]);
    expect(trust.requiredSections({ basicBusinessInfo: { natureOfBusiness: "trust", beneficialOwnersExist: true } })).toEqual([
      "basicBusinessInfo",
      "authorized_signers",
      "beneficial_owners",
      "trust_details",
    ]);
    expect(trust.requiredSections({ basicBusinessInfo: { natureOfBusiness: "llc", beneficialOwnersExist: false } })).toEqual(["basicBusinessInfo", "authorized_signers"]);
  });

  it("resolves contains, const false and if/else across sections", () => {
    expect(crypto.requiredSections({})).toEqual(["basicBusinessInfo", "directors"]);
    expect(crypto.requiredSections({ basicBusinessInfo: { natureOfBusiness: "cryptoExchange", supportedAssets: ["ETH", "BTC"], hasDirectors: false } })).toEqual([
      "basicBusinessInfo",
      "compliance_program",
      "custody_arrangements",
    ]);
    expect(crypto.requiredSections({ basicBusinessInfo: { natureOfBusiness: "otcDesk", supportedAssets: ["ETH"], hasDirectors: true } })).toEqual(["basicBusinessInfo", "directors"]);
  });

  it("refuses data that is not an object", () => {
    expect(() => trust.requiredSections([] as unknown as Record<string, unknown>)).toThrow(InvalidRequestError);
  });
});

describe("requiredFields", () => {
  it("const string", () => {
    expect(trust.requiredFields("basicBusinessInfo", { natureOfBusiness: "trust" })).toEqual(["legalName", "natureOfBusiness"]);
    expect(trust.requiredFields("basicBusinessInfo", { natureOfBusiness: "cryptoExchange" })).toEqual(["legalName", "natureOfBusiness", "cryptoExchangeLicenseNumber", "website"]);
  });

  it("const boolean, enum, contains and not", () => {
    expect(trust.requiredFields("basicBusinessInfo", { ...business, isPubliclyTraded: true })).toContain("stockTicker");
    expect(trust.requiredFields("basicBusinessInfo", { ...business, isPubliclyTraded: false })).not.toContain("stockTicker");
    expect(trust.requiredFields("basicBusinessInfo", { ...business, regulatoryStatus: "pending" })).toContain("licenseDocument");
    expect(trust.requiredFields("basicBusinessInfo", { ...business, regulatoryStatus: "exempt" })).not.toContain("licenseDocument");
    expect(trust.requiredFields("basicBusinessInfo", { ...business, services: ["trading", "custody"] })).toContain("custodyProvider");
    expect(trust.requiredFields("basicBusinessInfo", { ...business, services: ["trading"] })).not.toContain("custodyProvider");
    expect(crypto.requiredFields("basicBusinessInfo", { natureOfBusiness: "otcDesk" })).not.toContain("primaryRegulator");
    expect(crypto.requiredFields("basicBusinessInfo", { natureOfBusiness: "cryptoExchange" })).toEqual([
      "legalName",
      "natureOfBusiness",
      "contactEmail",
      "cryptoExchangeLicenseNumber",
      "amlPolicyDocument",
      "primaryRegulator",
    ]);
  });

  it("if/else and dependentRequired", () => {
    const v = single({ type: "object", if: { properties: { a: { const: 1 } }, required: ["a"] }, then: { required: ["b"] }, else: { required: ["c"] } });
    expect(v.requiredFields("s", { a: 1 })).toEqual(["b"]);
    expect(v.requiredFields("s", {})).toEqual(["c"]);
    expect(crypto.requiredFields("compliance_program", { sanctionsScreeningVendor: "V" })).toEqual(["complianceOfficerName", "sanctionsScreeningSince"]);
  });

  it("takes one entity for an array section, also through $ref", () => {
    expect(trust.requiredFields("beneficial_owners", { isUsPerson: true })).toEqual(["firstName", "lastName", "ownershipPercentage", "ssnLast4"]);
    expect(trust.requiredFields("authorized_signers", {})).toEqual(["firstName", "lastName"]);
    expect(() => trust.requiredFields("beneficial_owners", [])).toThrow(/one entity of the array section beneficial_owners/);
  });
});

describe("schemas Ajv would refuse or get wrong", () => {
  it("registers vendor keywords (x-documentTypes, x-resolved) so strict mode compiles them", () => {
    expect(crypto.warnings).toEqual([]);
    const v = single({ type: "string", "x-documentTypes": ["passport"], "x-owner": { team: "kyc" } }, { "x-resolved": true });
    expect(v.validateSection("s", "x")).toEqual([]);
  });

  it("reports unknown keywords and formats instead of failing", () => {
    const v = single({ type: "string", format: "phone", example: "+1 555" });
    expect(v.warnings).toEqual(['unknown keyword "example" ignored', 'unknown format "phone" not checked']);
    expect(v.validateSection("s", "anything")).toEqual([]);
  });

  it("works around Ajv #2483 where unevaluatedProperties means additionalProperties", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      allOf: [{ properties: { a: true } }],
      if: { properties: { a: { const: "x" } }, required: ["a"] },
      then: { properties: { b: { minLength: 1 } }, required: ["b"] },
      unevaluatedProperties: false,
    };
    const v = single(schema);
    expect(v.warnings).toEqual([]);
    expect(v.validateSection("s", { a: "y" })).toEqual([]);
    expect(v.validateSection("s", { a: "x" })).toEqual([{ path: "s.b", code: "required", message: "b is required" }]);
    expect(v.validateSection("s", { a: "y", c: 1 })).toEqual([{ path: "s.c", code: "additionalProperties", message: "c is not an allowed field" }]);
  });

  it("checks with the interpreter too where Ajv #2483 cannot be rewritten away, one error per cause", () => {
    const v = single({ type: "object", properties: { name: { type: "string" } }, dependentSchemas: { link: { properties: { originalId: { type: "string" } } } }, unevaluatedProperties: false });
    expect(v.warnings).toEqual([]);
    // Ajv alone refuses `originalId` here, although `dependentSchemas` declares it once `link` is present.
    expect(v.validateSection("s", { name: "a", link: true, originalId: "x" })).toEqual([
      { path: "s.link", code: "unevaluatedProperties", message: "link is not an allowed field" },
    ]);
    expect(v.validateSection("s", { name: "a", originalId: "x" })).toEqual([{ path: "s.originalId", code: "unevaluatedProperties", message: "originalId is not an allowed field" }]);
    expect(v.validateSection("s", { name: 1, other: 2 })).toEqual([
      { path: "s.name", code: "type", message: "must be a string" },
      { path: "s.other", code: "unevaluatedProperties", message: "other is not an allowed field" },
    ]);
  });

  it("reports a failing conditional field of a closed section once (Circle's own shape)", () => {
    const v = single(circleExampleSection(["legalName", "natureOfBusiness"]));
    expect(v.warnings).toEqual([]);
    expect(v.validateSection("s", { legalName: "A", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" })).toEqual([]);
    expect(v.validateSection("s", { legalName: "A", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "" })).toEqual([
      { path: "s.cryptoExchangeLicenseNumber", code: "minLength", message: "must not be empty" },
    ]);
    expect(v.validateSection("s", { legalName: "A", natureOfBusiness: "trust", cryptoExchangeLicenseNumber: "L-1" })).toEqual([
      { path: "s.cryptoExchangeLicenseNumber", code: "unevaluatedProperties", message: "cryptoExchangeLicenseNumber is not an allowed field" },
    ]);
    // Without natureOfBusiness the `if` holds (it tests the field only when present): the license is required too.
    expect(v.validateSection("s", { legalName: "A" })).toEqual([
      { path: "s.cryptoExchangeLicenseNumber", code: "required", message: "cryptoExchangeLicenseNumber is required" },
      { path: "s.natureOfBusiness", code: "required", message: "natureOfBusiness is required" },
    ]);
  });

  it("never reports a refused payload as having no error: an `else` whose only failure is unevaluatedItems", () => {
    // Ajv's errors here are the `else` branch's `unevaluatedItems` and the `if` wrapper; the
    // wrapper is not a cause, so the interpreter's `unevaluatedItems` error is what is reported.
    const v = single({ if: { type: "object" }, else: { unevaluatedItems: false } });
    expect(v.validateSection("s", [null])).toEqual([{ path: "s", code: "unevaluatedItems", message: "must not have items the schema does not describe" }]);
    expect(v.validateSection("s", [])).toEqual([]);
    expect(v.validateSection("s", {})).toEqual([]);
  });

  it("names the branch when a condition's branch is `false`", () => {
    const v = single({ if: { type: "object" }, then: false });
    expect(v.validateSection("s", {}).length).toBe(1);
    expect(v.validateSection("s", "text")).toEqual([]);
  });

  it("refuses a document without sections", () => {
    expect(() => createSchemaValidator({ type: "object" })).toThrow(InvalidRequestError);
  });
});

describe("runtime code", () => {
  it("imports nothing from node: and not the code generator (it ships to browsers and edge runtimes)", () => {
    const dir = new URL("../../src/sections/", import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(new URL(file, dir), "utf8");
      const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
      expect(imports.filter((i) => i.startsWith("node:") || i.includes("json-schema-to-typescript") || i.includes("codegen")), file).toEqual([]);
    }
  });
});

describe("a schema written as Circle's documentation writes conditionals (the circle-docs fixture)", () => {
  const docs = createSchemaValidator(fixtureSchema("circle-docs"));
  const cases: [string, unknown, string[]][] = [
    ["basicBusinessInfo", { legalName: "Borealis", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" }, []],
    ["basicBusinessInfo", { legalName: "Borealis", natureOfBusiness: "cryptoExchange" }, ["basicBusinessInfo.cryptoExchangeLicenseNumber required"]],
    ["basicBusinessInfo", { legalName: "Borealis", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: 42 }, ["basicBusinessInfo.cryptoExchangeLicenseNumber type"]],
    ["basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "fintech", cryptoExchangeLicenseNumber: "L-1" }, ["basicBusinessInfo.cryptoExchangeLicenseNumber unevaluatedProperties"]],
    ["basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust" }, ["basicBusinessInfo.trustCharterNumber required"]],
    ["basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "fintech", websiteVerifiedAt: "2024-01-31" }, ["basicBusinessInfo.websiteVerifiedAt unevaluatedProperties"]],
    ["basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "fintech", website: "https://acme.test", websiteVerifiedAt: "2024-01-31" }, []],
    ["soleProprietorInfo", { tradingName: "Ada's" }, ["soleProprietorInfo.licenseNumber required"]],
    ["soleProprietorInfo", { natureOfBusiness: "consulting", licenseNumber: "L-2" }, ["soleProprietorInfo.licenseNumber unevaluatedProperties"]],
    ["beneficial_owners", [{ firstName: "Ada", lastName: "Lovelace", isUsPerson: true, ssnLast4: "1234" }], []],
    ["beneficial_owners", [{ firstName: "Ada", lastName: "Lovelace", nickname: "A" }], ["beneficial_owners.0.nickname unevaluatedProperties"]],
    ["trustees", [{ role: "trustee", firstName: "Grace", lastName: "Hopper", title: "Adm." }], ["trustees.0.title unevaluatedProperties"]],
  ];
  it.each(cases)("%s %j → %j (one error per cause, as the types say)", (section, payload, expected) => {
    expect(docs.validateSection(section, payload).map((e) => `${e.path} ${e.code}`)).toEqual(expected);
  });
});
