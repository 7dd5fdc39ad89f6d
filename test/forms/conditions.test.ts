// Three-valued conditions: decided where the answers decide them, "unknown" (waiting for the
// unanswered fields) where they do not, and never wrong where they decide.
import { describe, expect, it } from "vitest";
import { evaluate, type Scope, type Verdict } from "../../src/forms/conditions.js";
import type { JsonSchema } from "../../src/sections/schema-node.js";
import { extendedFiles, loadSuite, subsetFiles } from "../codegen/suite-harness.js";

const scope = (root: JsonSchema = true, context: Record<string, unknown> = {}): Scope => ({ root, context });
const check = (schema: JsonSchema, value: unknown, context: Record<string, unknown> = {}, root: JsonSchema = schema): Verdict => evaluate(scope(root, context), schema, value, ["s"]);
const truth = (schema: JsonSchema, value: unknown, context: Record<string, unknown> = {}) => check(schema, value, context).truth;

// Circle's documented example: `if` tests natureOfBusiness without requiring it (facts.md §9).
const circleIf = { properties: { natureOfBusiness: { const: "cryptoExchange" } } };
const strictIf = { ...circleIf, required: ["natureOfBusiness"] };

describe("the forms Circle's conditions take", () => {
  it("const: decided once the field is answered, waiting for it before, with or without `required` in the `if`", () => {
    expect(truth(circleIf, { natureOfBusiness: "cryptoExchange" })).toBe(true);
    expect(truth(circleIf, { natureOfBusiness: "trust" })).toBe(false);
    // JSON Schema makes the vacuous `if` hold; a form must not act on an answer not given yet.
    expect(check(circleIf, {})).toEqual({ truth: "unknown", waitsFor: ["s.natureOfBusiness"] });
    expect(check(strictIf, {})).toEqual({ truth: "unknown", waitsFor: ["s.natureOfBusiness"] });
    expect(truth(strictIf, { natureOfBusiness: "trust" })).toBe(false);
  });

  it("enum, boolean, and a value of the wrong type", () => {
    const schema = { properties: { status: { enum: ["licensed", "pending"] }, exists: { const: true } } };
    expect(truth(schema, { status: "pending", exists: true })).toBe(true);
    expect(truth(schema, { status: "exempt", exists: true })).toBe(false);
    expect(truth(schema, { status: "licensed", exists: false })).toBe(false);
    expect(truth(schema, { status: "licensed", exists: "true" })).toBe(false);
    expect(check(schema, { status: "licensed" })).toEqual({ truth: "unknown", waitsFor: ["s.exists"] });
    // One failing part decides, whatever else is unanswered.
    expect(truth(schema, { status: "exempt" })).toBe(false);
  });

  it("contains, with minContains and maxContains", () => {
    const schema = { properties: { assets: { contains: { enum: ["USDC", "EURC"] } } }, required: ["assets"] };
    expect(truth(schema, { assets: ["BTC", "USDC"] })).toBe(true);
    expect(truth(schema, { assets: ["BTC"] })).toBe(false);
    expect(truth(schema, { assets: [] })).toBe(false);
    expect(check(schema, {})).toEqual({ truth: "unknown", waitsFor: ["s.assets"] });
    const twice = { contains: { const: 1 }, minContains: 2, maxContains: 2 };
    expect(truth(twice, [1, 1])).toBe(true);
    expect(truth(twice, [1, 2])).toBe(false);
    expect(truth(twice, [1, 1, 1])).toBe(false);
    // Entities with unanswered fields: whether one matches waits for them.
    const owners = { contains: { properties: { isUsPerson: { const: true } }, required: ["isUsPerson"] } };
    expect(check(owners, [{ isUsPerson: false }, {}])).toEqual({ truth: "unknown", waitsFor: ["s.1.isUsPerson"] });
    expect(truth(owners, [{}, { isUsPerson: true }])).toBe(true);
  });

  it("not: a negation of a decided condition is decided, of a pending one pending", () => {
    const schema = { not: strictIf };
    expect(truth(schema, { natureOfBusiness: "otcDesk" })).toBe(true);
    expect(truth(schema, { natureOfBusiness: "cryptoExchange" })).toBe(false);
    expect(check(schema, {})).toEqual({ truth: "unknown", waitsFor: ["s.natureOfBusiness"] });
    expect(truth({ properties: { natureOfBusiness: { not: { const: "trust" } } } }, { natureOfBusiness: "bank" })).toBe(true);
  });

  it("required: present is true; absent is unanswered, so never false", () => {
    expect(truth({ required: ["a", "b"] }, { a: 1, b: null })).toBe(true);
    expect(check({ required: ["a", "b"] }, { a: 1 })).toEqual({ truth: "unknown", waitsFor: ["s.b"] });
    expect(check({ not: { required: ["a"] } }, {})).toEqual({ truth: "unknown", waitsFor: ["s.a"] });
    expect(truth({ not: { required: ["a"] } }, { a: 1 })).toBe(false);
  });

  it("nested allOf, anyOf, oneOf and if/then/else inside a condition", () => {
    const nested = {
      allOf: [{ properties: { kind: { const: "fund" } }, required: ["kind"] }],
      if: { properties: { size: { minimum: 100 } }, required: ["size"] },
      then: { required: ["auditor"] },
      else: { properties: { auditor: false } },
    };
    expect(truth(nested, { kind: "fund", size: 500, auditor: "KPMG" })).toBe(true);
    expect(truth(nested, { kind: "fund", size: 5, auditor: "KPMG" })).toBe(false);
    // `auditor: false` forbids an answer; an unanswered auditor may yet stay absent.
    expect(check(nested, { kind: "fund", size: 5 })).toEqual({ truth: "unknown", waitsFor: ["s.auditor"] });
    // The `if` waits for size; both branches agree only once auditor is known not to matter.
    expect(check(nested, { kind: "fund" })).toEqual({ truth: "unknown", waitsFor: ["s.size", "s.auditor"] });
    expect(check(nested, { kind: "fund", auditor: "KPMG" })).toEqual({ truth: "unknown", waitsFor: ["s.size"] });
    const either = { anyOf: [{ properties: { a: { const: 1 } }, required: ["a"] }, { properties: { b: { const: 1 } }, required: ["b"] }] };
    expect(truth(either, { a: 1 })).toBe(true);
    expect(truth(either, { a: 2, b: 2 })).toBe(false);
    expect(check(either, { a: 2 })).toEqual({ truth: "unknown", waitsFor: ["s.b"] });
    const one = { oneOf: [{ const: 1 }, { type: "integer" }] };
    expect(truth(one, 2)).toBe(true);
    expect(truth(one, 1)).toBe(false);
  });

  it("$ref'd definitions, and honest about what it cannot decide", () => {
    const root = { $defs: { crypto: { properties: { natureOfBusiness: { const: "cryptoExchange" } }, required: ["natureOfBusiness"] } } };
    const schema = { $ref: "#/$defs/crypto" };
    expect(check(schema, { natureOfBusiness: "cryptoExchange" }, {}, root).truth).toBe(true);
    expect(check(schema, { natureOfBusiness: "bank" }, {}, root).truth).toBe(false);
    expect(check({ $ref: "https://elsewhere.test/schema.json" }, {}, {}, root)).toEqual({ truth: "unknown", waitsFor: [] });
    // Formats are asserted by the server; this evaluator does not guess them.
    expect(check({ properties: { site: { format: "uri" } } }, { site: "x" })).toEqual({ truth: "unknown", waitsFor: [] });
    const loop = { $defs: { a: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" };
    expect(check(loop, 1, {}, loop)).toEqual({ truth: "unknown", waitsFor: [] });
  });

  it("strings and numbers: lengths in code points, patterns, bounds, multipleOf", () => {
    expect(truth({ minLength: 2 }, "💵💵")).toBe(true);
    expect(truth({ maxLength: 1 }, "💵💵")).toBe(false);
    expect(truth({ pattern: "^[A-Z]{2}$" }, "US")).toBe(true);
    expect(truth({ pattern: "^[A-Z]{2}$" }, "USA")).toBe(false);
    expect(truth({ minimum: 25, maximum: 100 }, 25)).toBe(true);
    expect(truth({ exclusiveMinimum: 25 }, 25)).toBe(false);
    expect(truth({ multipleOf: 0.01 }, 12.34)).toBe(true);
    expect(truth({ multipleOf: 0.01 }, 12.345)).toBe(false);
  });

  it("dependentRequired and dependentSchemas wait for their trigger", () => {
    const dependent = { dependentRequired: { vendor: ["since"] } };
    expect(truth(dependent, { vendor: "v", since: "2020" })).toBe(true);
    expect(check(dependent, { vendor: "v" })).toEqual({ truth: "unknown", waitsFor: ["s.since"] });
    expect(check(dependent, {})).toEqual({ truth: "unknown", waitsFor: ["s.vendor", "s.since"] });
    const schemas = { dependentSchemas: { vendor: { properties: { since: { const: 1 } } } } };
    expect(truth(schemas, { vendor: "v", since: 2 })).toBe(false);
    expect(check(schemas, { since: 2 })).toEqual({ truth: "unknown", waitsFor: ["s.vendor"] });
  });

  it("an unanswered object waits for the fields the condition reads, not the object", () => {
    const top = { properties: { basicBusinessInfo: { properties: { beneficialOwnersExist: { const: true } }, required: ["beneficialOwnersExist"] } }, required: ["basicBusinessInfo"] };
    expect(evaluate(scope(), top, {}, [])).toEqual({ truth: "unknown", waitsFor: ["basicBusinessInfo.beneficialOwnersExist", "basicBusinessInfo"] });
    expect(evaluate(scope(), top, { basicBusinessInfo: { beneficialOwnersExist: false } }, []).truth).toBe(false);
  });

  it("context: a value known outside the form answers a field by dot path or by bare name; the data wins", () => {
    expect(truth(strictIf, {}, { natureOfBusiness: "cryptoExchange" })).toBe(true);
    expect(truth(strictIf, {}, { "s.natureOfBusiness": "trust" })).toBe(false);
    expect(truth(strictIf, { natureOfBusiness: "trust" }, { natureOfBusiness: "cryptoExchange" })).toBe(false);
    expect(truth(strictIf, {}, { "other.natureOfBusiness": "cryptoExchange" })).toBe("unknown");
  });
});

describe("against the official JSON Schema Test Suite", () => {
  const measure = (files: readonly string[]) => {
    let decided = 0;
    let cases = 0;
    const wrong: string[] = [];
    for (const group of loadSuite(files)) {
      for (const test of group.tests) {
        cases++;
        const verdict = evaluate(scope(group.schema as JsonSchema), group.schema as JsonSchema, test.data, []);
        if (verdict.truth === "unknown") continue;
        decided++;
        if (verdict.truth !== test.valid) wrong.push(`${group.id} / ${test.description}`);
      }
    }
    return { wrong, share: decided / cases };
  };

  it("never contradicts the suite where it decides (absent properties count as unanswered)", () => {
    const subset = measure(subsetFiles);
    expect(subset.wrong).toEqual([]);
    // The rest test absent properties, unanswered here.
    expect(subset.share).toBeGreaterThan(0.9);
    // References, unevaluated*, dependentSchemas...: undecidable ones (unevaluated*) say so.
    expect(measure(extendedFiles).wrong).toEqual([]);
  });
});
