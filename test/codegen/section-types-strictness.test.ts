// What the generated section types refuse beyond kinds, on schemas written for the purpose: each
// schema becomes a section (its `#` pointers moved under it), and every payload is type-checked against it by the TypeScript
// compiler. `valid` payloads must compile (the types stay sound), `invalid` ones must not.
import { beforeAll, describe, expect, it } from "vitest";
import { renderSectionTypes } from "../../src/codegen/section-types.js";
import { createSchemaValidator } from "../../src/sections/validator.js";
import { asSection, typeCheck } from "./suite-harness.js";

/** A schema with payloads the schema accepts and payloads it refuses that the types must refuse too. */
interface StrictnessCase {
  name: string;
  schema: Record<string, unknown>;
  valid: unknown[];
  invalid: unknown[];
}

const cases: StrictnessCase[] = [
  {
    name: "an allOf member's fields close an object declared without `type`",
    schema: { properties: { legalName: { type: "string" } }, allOf: [{ properties: { website: { type: "string" } } }], unevaluatedProperties: false },
    valid: [{ legalName: "Acme", website: "https://acme.test" }, {}, "not an object", 3],
    invalid: [{ legalName: "Acme", fax: "none" }, { website: 1 }],
  },
  {
    name: "a closed allOf member closes the whole object, whatever its siblings declare",
    schema: { allOf: [{ properties: { ein: true }, additionalProperties: false }], anyOf: [{ properties: { ssn: true } }, { required: ["ein"] }] },
    valid: [{ ein: "12-3456789" }, {}, null],
    invalid: [{ ein: "12-3456789", ssn: "123-45-6789" }, { ssn: "123-45-6789" }],
  },
  {
    name: "a closed $ref'd definition closes the object that refers to it",
    schema: {
      $defs: { empty: { unevaluatedProperties: false }, address: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false } },
      properties: { extra: { type: "string" }, registered: { $ref: "#/$defs/address", properties: { city: { minLength: 1 } } } },
      $ref: "#/$defs/empty",
    },
    valid: [{}, true],
    invalid: [{ extra: "x" }, { registered: { city: "Paris" } }],
  },
  {
    name: "a then-only field is typed by its `if` declaration when the object is closed by unevaluatedProperties",
    schema: {
      if: { properties: { kind: { const: "trust" } }, required: ["kind"] },
      then: { properties: { trustee: { type: "string" } }, required: ["trustee"] },
      else: { properties: { director: { type: "string" } }, required: ["director"] },
      unevaluatedProperties: false,
    },
    valid: [{ kind: "trust", trustee: "Ada" }, { director: "Bob" }],
    invalid: [{ kind: "trust", trustee: "Ada", director: "Bob" }, { kind: "fund", director: "Bob" }, { kind: "trust" }, { trustee: "Ada" }],
  },
  {
    name: "patternProperties that a template literal type states exactly type their values",
    schema: { patternProperties: { "^x-": { type: "string" }, Id$: { type: "integer" }, "tmp.*": false }, additionalProperties: { type: "boolean" } },
    valid: [{ "x-note": "a", ownerId: 3, flag: true }, {}],
    invalid: [{ "x-note": 1 }, { ownerId: "3" }, { tmpFile: 1 }, { a_tmp: null }],
  },
  {
    name: "unevaluatedProperties: false admits the names of in-place pattern properties, and only those",
    schema: { properties: { id: { type: "string" } }, allOf: [{ patternProperties: { "^meta_": { type: "string" } } }], unevaluatedProperties: false },
    valid: [{ id: "a", meta_source: "import" }, {}],
    invalid: [{ id: "a", note: "x" }, { meta_source: 1 }],
  },
  {
    name: "an `if` whose else is false: only what the `if` accepts",
    schema: { if: { const: "usd" }, else: false },
    valid: ["usd"],
    invalid: ["eur", 1],
  },
  {
    name: "an `if` whose then is false: only the kinds the `if` refuses",
    schema: { if: { type: "string" }, then: false },
    valid: [1, null, {}],
    invalid: ["usd"],
  },
  {
    name: "a dependent schema closed without its own trigger: the trigger can never be present",
    schema: { properties: { legacyId: {}, id: {} }, dependentSchemas: { legacyId: { properties: { id: {} }, additionalProperties: false } } },
    valid: [{ id: 1 }, {}],
    invalid: [{ legacyId: 1 }, { legacyId: 1, id: 2 }],
  },
  {
    name: "propertyNames: false and maxProperties: 0 allow only the empty object, maxItems: 0 only the empty array",
    schema: { properties: { a: { propertyNames: false }, b: { maxProperties: 0 }, c: { maxItems: 0 } } },
    valid: [{ a: {}, b: {}, c: [] }, { a: 1, b: "x", c: "y" }],
    invalid: [{ a: { x: 1 } }, { b: { x: 1 } }, { c: [1] }],
  },
  {
    name: "a $ref'd definition of several kinds keeps the object closed, and only its other kinds go beside the object",
    schema: { $defs: { named: { properties: { a: { type: "string" } } } }, $ref: "#/$defs/named", properties: { b: { type: "string" } }, unevaluatedProperties: false },
    valid: [{ a: "x", b: "y" }, "text", [1]],
    invalid: [{ a: "x", b: "y", c: 1 }, { a: 1 }],
  },
  {
    name: "oneOf members that only require names exclude each other",
    schema: { type: "object", oneOf: [{ required: ["ssn"] }, { properties: { ein: true }, required: ["ein", "country"] }, { $ref: "#/$defs/passport" }], $defs: { passport: { required: ["passport"] } } },
    valid: [{ ssn: "1" }, { ein: "2", country: "US" }, { ein: "2", passport: "P" }, { passport: "P", country: "FR" }],
    invalid: [{ ssn: "1", ein: "2", country: "US" }, { ssn: "1", passport: "P" }, { ein: "2", country: "US", passport: "P" }, {}],
  },
  {
    name: "oneOf with a member that accepts everything: only what the others refuse",
    schema: { oneOf: [{ type: "string" }, { $comment: "anything" }, { type: "array", items: { type: "number" } }] },
    valid: [1, null, {}, ["x"]],
    invalid: ["x"],
  },
  {
    name: "under unevaluatedProperties: false, a name only another oneOf member declares is absent",
    schema: {
      oneOf: [
        { properties: { ssn: { type: "string" } }, required: ["ssn"] },
        { properties: { ein: { type: "string" } }, required: ["ein"] },
      ],
      unevaluatedProperties: false,
    },
    valid: [{ ssn: "1" }, { ein: "2" }],
    invalid: [{ ssn: "1", ein: 2 }, { ssn: 1, ein: "2" }],
  },
  {
    name: "unevaluatedItems past the prefix each anyOf member evaluates, member by member",
    schema: { prefixItems: [{ const: "owner" }], anyOf: [{ prefixItems: [true, { type: "string" }] }, { items: { type: "string" } }, true], unevaluatedItems: { type: "number" } },
    valid: [["owner", "Ada"], ["owner", "Ada", "Bob"], ["owner", 1, 2], ["owner"], []],
    invalid: [["owner", "Ada", true], ["owner", 1, "Bob"], ["manager"]],
  },
  {
    name: "an `if` without branches evaluates its prefix only when it holds",
    schema: { if: { prefixItems: [{ const: "usd" }] }, unevaluatedItems: false },
    valid: [[], ["usd"]],
    invalid: [["eur"], ["usd", "eur"]],
  },
  {
    name: "items past the prefix are evaluated only by a `contains` that matches them",
    schema: { prefixItems: [{ type: "number" }], contains: { type: "string" }, minContains: 0, unevaluatedItems: false },
    valid: [[1, "a", "b"], [1], []],
    invalid: [[1, 2], [1, "a", 2]],
  },
  {
    name: "uniqueItems over a prefix of literals lists the tuples without a repeat",
    schema: { prefixItems: [{ enum: ["sign", "witness"] }, { enum: ["sign", "witness"] }], uniqueItems: true, items: false },
    valid: [[], ["sign"], ["witness", "sign"]],
    invalid: [["sign", "sign"], ["witness", "witness"]],
  },
  {
    name: "a closed field stays closed where an allOf member or a `then` declares it again",
    schema: {
      type: "object",
      properties: {
        country: { enum: ["US", "FR"] },
        address: { type: "object", properties: { city: { type: "string" }, state: { type: "string" } }, additionalProperties: false },
      },
      allOf: [
        { if: { properties: { country: { const: "US" } }, required: ["country"] }, then: { properties: { address: { required: ["state"] } } } },
        { properties: { address: { properties: { city: { minLength: 1 } } } } },
      ],
    },
    valid: [{ country: "US", address: { city: "NYC", state: "NY" } }, { country: "FR", address: { city: "Paris" } }],
    invalid: [{ country: "FR", address: { city: "Paris", zip: "75001" } }, { country: "US", address: { city: "NYC", state: "NY", zip: 1 } }],
  },
];

describe("section types refuse what TypeScript can state", () => {
  // One application schema with a section per case, and one TypeScript program for all of them.
  const application = { type: "object", properties: Object.fromEntries(cases.map((c, i) => [`s${i}`, asSection(c.schema, `/properties/s${i}`)])) };
  let accepted: boolean[][] = [];
  let otherErrors: string[] = [];
  beforeAll(async () => {
    const { indexTs, warnings } = await renderSectionTypes(application);
    expect(warnings).toEqual([]);
    const payloads = cases.flatMap((c, i) => [...c.valid, ...c.invalid].map((data) => ({ typeExpr: `SectionPayloads["s${i}"]`, data })));
    const [result] = typeCheck([{ name: "strictness", types: indexTs, cases: payloads }]);
    otherErrors = result!.otherErrors;
    let at = 0;
    accepted = cases.map((c) => [...c.valid, ...c.invalid].map(() => result!.accepted[at++]!));
  });

  it("generates a module that compiles", () => {
    expect(otherErrors).toEqual([]);
  });

  it("has payloads the validator judges as the cases say", () => {
    const validator = createSchemaValidator(application);
    const misjudged = cases.flatMap((c, i) => [
      ...c.valid.filter((data) => validator.validateSection(`s${i}`, data).length).map((data) => `${c.name}: ${JSON.stringify(data)} is refused`),
      ...c.invalid.filter((data) => !validator.validateSection(`s${i}`, data).length).map((data) => `${c.name}: ${JSON.stringify(data)} is accepted`),
    ]);
    expect(misjudged).toEqual([]);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const c = cases[i]!;
    expect(c.valid.filter((_, j) => !accepted[i]![j]), "valid payloads refused").toEqual([]);
    expect(c.invalid.filter((_, j) => accepted[i]![c.valid.length + j]), "invalid payloads accepted").toEqual([]);
  });
});
