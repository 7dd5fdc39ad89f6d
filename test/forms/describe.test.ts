// describeForm on the fixture schemas and on Circle's documented conditional example: sections,
// fields, widgets, options, constraints, three-state visibility, requirements given the answers,
// document datums, values, errors, context.
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/errors.js";
import { describeForm, forEachField, type FormValidator, resolveSchema } from "../../src/forms/index.js";
import { createSchemaValidator } from "../../src/sections/index.js";
import { circleExampleSection } from "../support/circle-example.js";
import { allFields, field, section, states, validatorOf } from "./support.js";

const trust = validatorOf("trust");
const crypto = validatorOf("crypto-exchange");
const circle = validatorOf("circle-forms");
const uuid = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";

// Circle's own example, verbatim (facts.md §9), in a section closed as Circle closes them.
const documented = createSchemaValidator({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: { basicBusinessInfo: circleExampleSection(["legalName"]) },
});

describe("Circle's documented conditional (an `if` that holds vacuously)", () => {
  const license = "basicBusinessInfo.cryptoExchangeLicenseNumber";

  it("the conditional field is pending, and not required, while natureOfBusiness is unanswered", () => {
    const form = describeForm(documented, { basicBusinessInfo: { legalName: "Acme" } });
    expect(field(form, license)).toMatchObject({ visibility: "pending", required: false, waitsFor: ["basicBusinessInfo.natureOfBusiness"], widget: "text", minLength: 1 });
    // The server would apply the vacuous `if`: the validator says so, on the pending field.
    expect(field(form, license).errors).toEqual([{ path: license, code: "required", message: "cryptoExchangeLicenseNumber is required" }]);
  });

  it("appears, required, for a crypto exchange; is hidden for anything else", () => {
    const exchange = describeForm(documented, { basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "cryptoExchange" } });
    expect(field(exchange, license)).toMatchObject({ visibility: "visible", required: true, waitsFor: [] });
    const fintech = describeForm(documented, { basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "fintech" } });
    expect(field(fintech, license)).toMatchObject({ visibility: "hidden", required: false, errors: [] });
  });
});

describe("sections", () => {
  it("lists every section in schema order with kind, bounds, titles and the top-level switches", () => {
    const form = describeForm(trust, {});
    expect(form.title).toBe("Trust company onboarding");
    expect(form.sections.map((s) => [s.name, s.kind, s.visibility, s.required])).toEqual([
      ["basicBusinessInfo", "object", "visible", true],
      ["beneficial_owners", "array", "pending", false],
      ["authorized_signers", "array", "visible", true],
      ["trust_details", "object", "pending", false],
    ]);
    expect(section(form, "beneficial_owners")).toMatchObject({ title: "Beneficial owners", description: "Everyone owning 25% or more of the business.", maxItems: 4, waitsFor: ["basicBusinessInfo.beneficialOwnersExist"] });
    expect(section(form, "authorized_signers")).toMatchObject({ minItems: 1, maxItems: 2 });
    expect(section(form, "basicBusinessInfo").title).toBe("Basic business info");
  });

  it("beneficialOwnersExist switches beneficial_owners on (required) and off (hidden)", () => {
    const on = describeForm(trust, { basicBusinessInfo: { legalName: "A", natureOfBusiness: "bank", beneficialOwnersExist: true } });
    expect(section(on, "beneficial_owners")).toMatchObject({ visibility: "visible", required: true, waitsFor: [] });
    const off = describeForm(trust, { basicBusinessInfo: { legalName: "A", natureOfBusiness: "bank", beneficialOwnersExist: false } });
    expect(section(off, "beneficial_owners")).toMatchObject({ visibility: "hidden", required: false });
    expect(section(off, "trust_details").visibility).toBe("hidden");
    expect(section(off, "beneficial_owners").newItem!.fields.every((f) => f.visibility === "hidden")).toBe(true);
  });

  it("an `else` branch switches a section on unless the answer says otherwise (crypto-exchange directors)", () => {
    expect(section(describeForm(crypto, {}), "directors").visibility).toBe("pending");
    expect(section(describeForm(crypto, { basicBusinessInfo: { hasDirectors: true } }), "directors")).toMatchObject({ visibility: "visible", required: true });
    expect(section(describeForm(crypto, { basicBusinessInfo: { hasDirectors: false } }), "directors").visibility).toBe("hidden");
    // `contains` at the top level: custody arrangements once BTC is supported.
    expect(section(describeForm(crypto, { basicBusinessInfo: { supportedAssets: ["BTC"] } }), "custody_arrangements")).toMatchObject({ visibility: "visible", required: true });
    expect(section(describeForm(crypto, { basicBusinessInfo: { supportedAssets: ["USDC"] } }), "custody_arrangements").visibility).toBe("hidden");
  });

  it("an unconditional section neither required nor switched is visible and optional", () => {
    const model = describeForm(createSchemaValidator({ type: "object", properties: { extra: { type: "object", properties: { note: { type: "string" } } } } }), {});
    expect(section(model, "extra")).toMatchObject({ visibility: "visible", required: false });
  });
});

describe("fields", () => {
  it("widgets, options with readable labels, formats and constraints from the schema", () => {
    const form = describeForm(trust, {});
    const pick = (path: string) => {
      const f = field(form, path);
      return [f.widget, f.type, f.format, f.options?.map((o) => o.label)];
    };
    expect(pick("basicBusinessInfo.legalName")).toEqual(["text", "string", undefined, undefined]);
    expect(pick("basicBusinessInfo.natureOfBusiness")).toEqual(["radio", "string", undefined, ["Trust", "Crypto exchange", "Payment processor platform", "Bank"]]);
    expect(pick("basicBusinessInfo.beneficialOwnersExist")).toEqual(["radio", "boolean", undefined, ["Yes", "No"]]);
    expect(pick("basicBusinessInfo.services")).toEqual(["checkbox", "array", undefined, ["Custody", "Trading", "Payments"]]);
    expect(field(form, "basicBusinessInfo.services").multiple).toBe(true);
    expect(pick("basicBusinessInfo.website")).toEqual(["url", "string", "uri", undefined]);
    expect(pick("basicBusinessInfo.incorporationDate")).toEqual(["date", "string", "date", undefined]);
    expect(pick("basicBusinessInfo.registeredAddress")).toEqual(["group", "object", undefined, undefined]);
    expect(pick("basicBusinessInfo.licenseDocument")).toEqual(["file", "string", "uuid", undefined]);
    expect(pick("trust_details.lastReviewedAt")).toEqual(["datetime", "string", "date-time", undefined]);
    expect(pick("trust_details.trusteeCount")).toEqual(["number", "integer", undefined, undefined]);
    expect(pick("trust_details.trustees")).toEqual(["list", "array", undefined, undefined]);
    expect(pick("authorized_signers.0.email")).toEqual(["email", "string", "email", undefined]);
    expect(field(form, "basicBusinessInfo.legalName")).toMatchObject({ title: "Legal name", minLength: 1, maxLength: 200 });
    expect(field(form, "basicBusinessInfo.stockTicker")).toMatchObject({ pattern: "^[A-Z]{1,5}$" });
    expect(field(form, "trust_details.trusteeCount")).toMatchObject({ minimum: 1 });
    expect(field(form, "trust_details.trustees")).toMatchObject({ minItems: 1, maxItems: 3 });
    expect(field(form, "basicBusinessInfo.registeredAddress.country")).toMatchObject({ description: "ISO 3166-1 alpha-2 code.", minLength: 2, maxLength: 2 });
  });

  it("titles, long strings, select for many options, defaults, consent checkboxes", () => {
    const circleForm = describeForm(circle, { basicBusinessInfo: { supportedAssets: ["USDC"] } });
    expect(field(circleForm, "basicBusinessInfo.natureOfBusiness")).toMatchObject({ widget: "select", title: "Nature of business" });
    expect(field(circleForm, "basicBusinessInfo.natureOfBusiness").options).toContainEqual({ value: "otcDesk", label: "OTC desk" });
    expect(field(circleForm, "basicBusinessInfo.usdcUseCase")).toMatchObject({ widget: "textarea", title: "USDC use case", maxLength: 500 });
    expect(field(describeForm(crypto, {}), "basicBusinessInfo.hasDirectors")).toMatchObject({ default: true, widget: "radio" });
    const consent = createSchemaValidator({
      type: "object",
      properties: { s: { type: "object", properties: { agrees: { type: "boolean", const: true, title: "I agree" }, kind: { oneOf: [{ const: "a", title: "Kind A" }, { const: "b" }] } } } },
    });
    const form = describeForm(consent, {});
    expect(field(form, "s.agrees")).toMatchObject({ widget: "checkbox", options: [{ value: true, label: "I agree" }] });
    expect(field(form, "s.kind")).toMatchObject({ widget: "radio", type: "string", options: [{ value: "a", label: "Kind A" }, { value: "b", label: "B" }] });
  });

  it("required given the answers: conditional requirements of each condition form", () => {
    const none = describeForm(trust, { basicBusinessInfo: {} });
    const conditional = ["cryptoExchangeLicenseNumber", "stockTicker", "licenseDocument", "custodyProvider", "website"].map((f) => `basicBusinessInfo.${f}`);
    for (const [path, [visibility, required]] of Object.entries(states(none, conditional))) {
      expect([path, visibility, required]).toEqual([path, "pending", false]);
    }
    const answered = describeForm(trust, {
      basicBusinessInfo: { legalName: "A", natureOfBusiness: "cryptoExchange", isPubliclyTraded: true, regulatoryStatus: "pending", services: ["custody"] },
    });
    expect(states(answered, conditional)).toEqual(Object.fromEntries(conditional.map((p) => [p, ["visible", true]])));
    const otherwise = describeForm(trust, { basicBusinessInfo: { legalName: "A", natureOfBusiness: "trust", isPubliclyTraded: false, regulatoryStatus: "exempt", services: ["trading"] } });
    expect(states(otherwise, conditional)).toEqual(Object.fromEntries(conditional.map((p) => [p, ["hidden", false]])));
    // Unconditional ones never wait.
    expect(field(none, "basicBusinessInfo.legalName")).toMatchObject({ visibility: "visible", required: true, waitsFor: [] });
  });

  it("fields declared only inside then/else (Circle's style), nested conditions and `not`", () => {
    const base = { legalName: "A" };
    const paths = ["cryptoExchangeLicenseNumber", "amlPolicyDocument", "fintechCharter", "website"].map((f) => `basicBusinessInfo.${f}`);
    const at = (natureOfBusiness: string) => states(describeForm(circle, { basicBusinessInfo: { ...base, natureOfBusiness } }), paths);
    expect(at("cryptoExchange")).toEqual({
      "basicBusinessInfo.cryptoExchangeLicenseNumber": ["visible", true],
      "basicBusinessInfo.amlPolicyDocument": ["visible", true],
      "basicBusinessInfo.fintechCharter": ["hidden", false],
      "basicBusinessInfo.website": ["visible", true],
    });
    expect(at("fintech")).toEqual({
      "basicBusinessInfo.cryptoExchangeLicenseNumber": ["hidden", false],
      "basicBusinessInfo.amlPolicyDocument": ["hidden", false],
      "basicBusinessInfo.fintechCharter": ["visible", true],
      "basicBusinessInfo.website": ["hidden", false],
    });
    expect(at("trust")).toEqual({
      "basicBusinessInfo.cryptoExchangeLicenseNumber": ["hidden", false],
      "basicBusinessInfo.amlPolicyDocument": ["hidden", false],
      "basicBusinessInfo.fintechCharter": ["hidden", false],
      "basicBusinessInfo.website": ["hidden", false],
    });
    expect(field(describeForm(circle, { basicBusinessInfo: base }), "basicBusinessInfo.fintechCharter")).toMatchObject({
      visibility: "pending",
      waitsFor: ["basicBusinessInfo.natureOfBusiness"],
      options: [{ value: "state", label: "State" }, { value: "national", label: "National" }],
    });
  });

  it("dependentRequired: the dependant waits for its trigger, then is required", () => {
    const since = "compliance_program.sanctionsScreeningSince";
    const exchange = { natureOfBusiness: "cryptoExchange" };
    expect(field(describeForm(crypto, { basicBusinessInfo: exchange, compliance_program: {} }), since)).toMatchObject({
      visibility: "pending",
      required: false,
      waitsFor: ["compliance_program.sanctionsScreeningVendor"],
    });
    expect(field(describeForm(crypto, { basicBusinessInfo: exchange, compliance_program: { sanctionsScreeningVendor: "V" } }), since)).toMatchObject({ visibility: "visible", required: true });
    // Inside a section that itself waits, the field waits for both.
    expect(field(describeForm(crypto, { compliance_program: {} }), since).waitsFor).toEqual(["basicBusinessInfo.natureOfBusiness", "compliance_program.sanctionsScreeningVendor"]);
  });

  it("dependentSchemas and oneOf branches: a field declared for a trigger waits for it; a branch the user picks requires nothing", () => {
    const v = createSchemaValidator({
      type: "object",
      properties: {
        s: {
          type: "object",
          properties: { vendor: { type: "string" } },
          dependentSchemas: { vendor: { properties: { contract: { type: "string" } }, required: ["contract"] } },
          oneOf: [
            { properties: { kind: { const: "person" }, birthDate: { type: "string", format: "date" } }, required: ["kind", "birthDate"] },
            { properties: { kind: { const: "company" }, registration: { type: "string" } }, required: ["kind", "registration"] },
          ],
        },
      },
    });
    expect(states(describeForm(v, { s: {} }), ["s.contract", "s.birthDate", "s.registration"])).toEqual({
      "s.contract": ["pending", false],
      "s.birthDate": ["visible", false],
      "s.registration": ["visible", false],
    });
    expect(field(describeForm(v, { s: { vendor: "V" } }), "s.contract")).toMatchObject({ visibility: "visible", required: true });
  });

  it("a nested object's required fields apply once it holds data or is required itself", () => {
    const line1 = "basicBusinessInfo.registeredAddress.line1";
    expect(field(describeForm(trust, { basicBusinessInfo: {} }), line1).required).toBe(false);
    expect(field(describeForm(trust, { basicBusinessInfo: { registeredAddress: { city: "Paris" } } }), line1).required).toBe(true);
    const nested = createSchemaValidator({
      type: "object",
      properties: { s: { type: "object", properties: { a: { type: "object", properties: { b: { type: "string" } }, required: ["b"] } }, required: ["a"] } },
      required: ["s"],
    });
    expect(field(describeForm(nested, {}), "s.a.b").required).toBe(true);
  });
});

describe("array sections and lists", () => {
  const owner = (extra: Record<string, unknown> = {}) => ({ firstName: "Jane", lastName: "Doe", ownershipPercentage: 51, ...extra });

  it("paths are the server's dot paths with the entity index; each entity decides its own conditions", () => {
    const form = describeForm(circle, {
      basicBusinessInfo: { legalName: "A", natureOfBusiness: "fintech", beneficialOwnersExist: true },
      beneficial_owners: [owner({ refId: uuid, isUsPerson: true }), owner({ isUsPerson: false }), owner()],
    });
    const owners = section(form, "beneficial_owners");
    expect(owners.items!.map((i) => [i.index, i.path, i.refId])).toEqual([
      [0, "beneficial_owners.0", uuid],
      [1, "beneficial_owners.1", undefined],
      [2, "beneficial_owners.2", undefined],
    ]);
    expect(owners.fields.map((f) => f.path)).toContain("beneficial_owners.2.firstName");
    expect(states(form, ["beneficial_owners.0.ssnLast4", "beneficial_owners.0.nationality", "beneficial_owners.1.ssnLast4", "beneficial_owners.1.nationality"])).toEqual({
      "beneficial_owners.0.ssnLast4": ["visible", true],
      "beneficial_owners.0.nationality": ["hidden", false],
      "beneficial_owners.1.ssnLast4": ["hidden", false],
      "beneficial_owners.1.nationality": ["visible", true],
    });
    expect(field(form, "beneficial_owners.2.ssnLast4")).toMatchObject({ visibility: "pending", waitsFor: ["beneficial_owners.2.isUsPerson"] });
    expect(field(form, "beneficial_owners.0.refId")).toMatchObject({ readOnly: true, value: uuid });
    expect(field(form, "beneficial_owners.0.ssnLast4").title).toBe("Last 4 digits of the SSN");
    // The entry a form would add next.
    expect(owners.newItem!.path).toBe("beneficial_owners.3");
    expect(owners.newItem!.fields.find((f) => f.name === "firstName")).toMatchObject({ path: "beneficial_owners.3.firstName", required: true, visibility: "visible" });
  });

  it("lists inside a section: entities of a $ref'd definition", () => {
    const form = describeForm(trust, {
      basicBusinessInfo: { legalName: "A", natureOfBusiness: "trust" },
      trust_details: { trustees: [{ firstName: "T" }] },
    });
    const trustees = field(form, "trust_details.trustees");
    expect(trustees.items!.map((i) => i.path)).toEqual(["trust_details.trustees.0"]);
    expect(field(form, "trust_details.trustees.0.lastName")).toMatchObject({ required: true, errors: [{ path: "trust_details.trustees.0.lastName", code: "required", message: "lastName is required" }] });
    expect(trustees.newItem!.path).toBe("trust_details.trustees.1");
  });
});

describe("document datums", () => {
  it("say which documentTypes they take, and whether issuedCountry and refId are needed", () => {
    const form = describeForm(circle, {
      basicBusinessInfo: { legalName: "A", natureOfBusiness: "otcDesk", beneficialOwnersExist: true },
      beneficial_owners: [{ refId: uuid, firstName: "J", lastName: "D", ownershipPercentage: 30 }, {}],
    });
    expect(field(form, "basicBusinessInfo.authorizedRepGovernmentId").document).toEqual({
      datumName: "authorizedRepGovernmentId",
      documentTypes: [
        { value: "passport", label: "Passport" },
        { value: "usdl", label: "US driver's license" },
        { value: "usid", label: "US state ID" },
      ],
      issuedCountryRequired: true,
      refIdRequired: false,
    });
    expect(field(form, "basicBusinessInfo.amlPolicyDocument")).toMatchObject({
      widget: "file",
      required: true,
      document: { datumName: "amlPolicyDocument", documentTypes: [{ value: "amlPolicyDoc", label: "AML policy document" }], issuedCountryRequired: false, refIdRequired: false },
    });
    expect(field(form, "beneficial_owners.0.passport_document").document).toMatchObject({ datumName: "passport_document", refIdRequired: true, refId: uuid, issuedCountryRequired: true });
    expect(field(form, "beneficial_owners.1.passport_document").document).not.toHaveProperty("refId");
    // A datum whose `x-documentTypes` sits beside a `$ref` (crypto-exchange directors).
    expect(field(describeForm(crypto, { directors: [{}] }), "directors.0.identityDocument")).toMatchObject({ widget: "file", format: "uuid" });
  });
});

describe("values, errors and context", () => {
  it("values are the answers; errors sit on their field, or on the section when no field holds them", () => {
    const data = {
      basicBusinessInfo: { legalName: "", natureOfBusiness: "bank", website: "nope", color: "red" },
      beneficial_owners: Array.from({ length: 5 }, () => ({ firstName: "A", lastName: "B", ownershipPercentage: 10 })),
    };
    const form = describeForm(trust, data);
    expect(field(form, "basicBusinessInfo.legalName")).toMatchObject({ value: "", errors: [{ path: "basicBusinessInfo.legalName", code: "minLength", message: "must not be empty" }] });
    expect(field(form, "basicBusinessInfo.website").errors.map((e) => e.code)).toEqual(["format"]);
    expect(field(form, "beneficial_owners.4.ownershipPercentage").errors).toEqual([{ path: "beneficial_owners.4.ownershipPercentage", code: "minimum", message: "must be at least 25" }]);
    expect(section(form, "basicBusinessInfo").errors).toEqual([{ path: "basicBusinessInfo.color", code: "additionalProperties", message: "color is not an allowed field" }]);
    expect(section(form, "beneficial_owners").errors).toEqual([{ path: "beneficial_owners", code: "maxItems", message: "must have at most 4 items" }]);
    expect(form.errors).toEqual(trust.validateData(data));
    expect(section(form, "basicBusinessInfo").value).toEqual(data.basicBusinessInfo);
    expect(field(form, "basicBusinessInfo.stockTicker")).not.toHaveProperty("value");
  });

  it("context answers what the form does not ask, such as the client's natureOfBusiness", () => {
    const form = describeForm(trust, { basicBusinessInfo: { legalName: "A" } }, { context: { natureOfBusiness: "trust" } });
    expect(section(form, "trust_details")).toMatchObject({ visibility: "visible", required: true });
    expect(field(form, "basicBusinessInfo.cryptoExchangeLicenseNumber").visibility).toBe("hidden");
    // The field itself stays unanswered: context feeds conditions, not the payload.
    expect(field(form, "basicBusinessInfo.natureOfBusiness")).not.toHaveProperty("value");
    const byPath = describeForm(trust, {}, { context: { "basicBusinessInfo.beneficialOwnersExist": true } });
    expect(section(byPath, "beneficial_owners").visibility).toBe("visible");
  });

  it("options.sections describes only those sections, with conditions still reading all the data", () => {
    const data = { basicBusinessInfo: { legalName: "A", natureOfBusiness: "trust" }, trust_details: { trustType: "x" } };
    const form = describeForm(trust, data, { sections: ["trust_details"] });
    expect(form.sections.map((s) => s.name)).toEqual(["trust_details"]);
    expect(section(form, "trust_details")).toMatchObject({ visibility: "visible", required: true });
    expect(form.errors.every((e) => e.path.startsWith("trust_details."))).toBe(true);
  });

  it("bad arguments are one InvalidRequestError naming what was expected", () => {
    expect(() => describeForm(trust, [] as never)).toThrow(new InvalidRequestError("data", "an object keyed by section name (the answers so far)"));
    expect(() => describeForm(trust, {}, { sections: ["basicBusinessInformation"] })).toThrow(/options\.sections: section names among basicBusinessInfo, .*; got "basicBusinessInformation"/);
    expect(() => describeForm({ schema: {}, validateData: () => [] } as unknown as FormValidator, {})).toThrow(InvalidRequestError);
  });

  it("is pure: the data is not changed, and the same call gives the same model", () => {
    const data = { basicBusinessInfo: { legalName: "A", natureOfBusiness: "cryptoExchange" } };
    const copy = structuredClone(data);
    const a = describeForm(trust, data);
    expect(data).toEqual(copy);
    expect(describeForm(trust, data)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("needs only `schema` and `validateData` of a validator", () => {
    const minimal: FormValidator = { schema: trust.schema, validateData: (d) => trust.validateData(d) };
    expect(describeForm(minimal, { basicBusinessInfo: {} })).toEqual(describeForm(trust, { basicBusinessInfo: {} }));
    expect(allFields(describeForm(minimal, {})).length).toBeGreaterThan(20);
  });
});

describe("references inside a subschema with its own $id", () => {
  // `#/$defs/…` inside the section means the section's own $defs (its base URI), not the root's.
  const schema = {
    $id: "https://example.test/application",
    type: "object",
    $defs: { kind: { type: "string", enum: ["root-kind"] }, email: { type: "number" } },
    properties: {
      contact: {
        $id: "https://example.test/contact",
        type: "object",
        $defs: { kind: { type: "string", enum: ["person", "company"] }, email: { type: "string", format: "email" } },
        properties: { kind: { $ref: "#/$defs/kind" }, email: { $ref: "#/$defs/email" }, companyName: { type: "string" } },
        allOf: [{ if: { properties: { kind: { $ref: "#/$defs/kind", const: "company" } }, required: ["kind"] }, then: { required: ["companyName"] } }],
      },
    },
  };

  it("resolves them against that $id, as the validator does", () => {
    const validator = createSchemaValidator(schema);
    const model = describeForm(validator, { contact: { kind: "company" } });
    expect(field(model, "contact.kind").options?.map((o) => o.value)).toEqual(["person", "company"]);
    expect(field(model, "contact.email").widget).toBe("email");
    expect(field(model, "contact.companyName").required).toBe(true);
    expect(validator.requiredFields("contact", { kind: "company" })).toContain("companyName");
    expect(field(describeForm(validator, { contact: { kind: "person" } }), "contact.companyName").required).toBe(false);
  });

  it("are inlined from that $id by resolveSchema", () => {
    const resolved = JSON.stringify(resolveSchema(schema, { contact: { kind: "company" } }).properties);
    expect(resolved).toContain('"person"');
    expect(resolved).not.toContain("root-kind");
  });
});

describe("forEachField", () => {
  it("visits every field of a section once, entities' fields included, not the next entity's", () => {
    const model = describeForm(validatorOf("trust"), { beneficial_owners: [{ firstName: "A" }, { firstName: "B" }] });
    const visited: string[] = [];
    forEachField(section(model, "beneficial_owners").fields, (f) => visited.push(f.path));
    expect(visited).toContain("beneficial_owners.0.firstName");
    expect(visited).toContain("beneficial_owners.1.firstName");
    expect(visited.some((p) => p.startsWith("beneficial_owners.2."))).toBe(false);
    expect(new Set(visited).size).toBe(visited.length);
    // Everything allFields finds there, but the entity a list would add next.
    const all = allFields(model).map((f) => f.path).filter((p) => p.startsWith("beneficial_owners.") && !p.startsWith("beneficial_owners.2."));
    expect([...visited].sort()).toEqual([...new Set(all)].sort());
  });
});
