// Soundness beyond the test suite: random schemas (schema-arbitraries.ts, a fixed seed) become
// the sections of one application schema, and every random instance the validator and the
// interpreter both accept must type-check against its section's generated type. The suite's
// schemas each test one keyword; these mix them, which is where closures, exclusions and
// branch-wise `unevaluated*` can go wrong.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderSectionTypes } from "../../src/codegen/section-types.js";
import { cfworkerInterpreter } from "../../src/sections/interpreted.js";
import { createSchemaValidator } from "../../src/sections/validator.js";
import { definitionRef, sectionSample } from "./schema-arbitraries.js";
import { typeCheck } from "./suite-harness.js";

const samples = fc.sample(sectionSample, { seed: 20260601, numRuns: 80 });

/** The samples as one application schema: section `s<i>` with its definition under its own `$defs`. */
function application(): { type: "object"; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  samples.forEach((sample, i) => {
    const section = JSON.parse(JSON.stringify(sample.section).replaceAll(`"${definitionRef}"`, `"#/properties/s${i}/$defs/d"`));
    // The definition refers to nothing, so that no reference loops on itself without reading the instance.
    const definition = JSON.parse(JSON.stringify(sample.definition).replaceAll(JSON.stringify({ $ref: definitionRef }), "true"));
    properties[`s${i}`] = typeof section === "object" ? { ...section, $defs: { d: definition } } : section;
  });
  return { type: "object", properties };
}

describe("section types on random schemas", () => {
  it("accept every instance the validator and the interpreter both accept, in a module that compiles", async () => {
    const schema = application();
    const { indexTs } = await renderSectionTypes(schema);
    const validator = createSchemaValidator(schema);
    const interpreter = cfworkerInterpreter(schema);
    const valid: { section: string; data: unknown }[] = [];
    samples.forEach((sample, i) => {
      const check = interpreter(`/properties/s${i}`);
      // Instances as JSON gives them (fast-check's objects have no prototype).
      for (const data of JSON.parse(JSON.stringify(sample.instances)) as unknown[]) {
        if (!validator.validateSection(`s${i}`, data).length && check(data).valid) valid.push({ section: `s${i}`, data });
      }
    });
    const [result] = typeCheck([{ name: "random", types: indexTs, cases: valid.map((c) => ({ typeExpr: `SectionPayloads["${c.section}"]`, data: c.data })) }]);
    expect(result!.otherErrors).toEqual([]);
    const refused = valid.filter((_, k) => !result!.accepted[k]).map((c) => `${c.section} ${JSON.stringify(schema.properties[c.section])}: ${JSON.stringify(c.data)}`);
    expect(refused).toEqual([]);
    // The property means something only if many instances pass.
    expect(valid.length).toBeGreaterThan(200);
  });
});

describe("the validator on random schemas", () => {
  it("agrees with the interpreter on every instance: it never refuses one the interpreter accepts, nor lets one through it refuses", () => {
    const schema = application();
    const validator = createSchemaValidator(schema);
    const interpreter = cfworkerInterpreter(schema);
    const disagreements: string[] = [];
    let judged = 0;
    samples.forEach((sample, i) => {
      const check = interpreter(`/properties/s${i}`);
      for (const data of JSON.parse(JSON.stringify(sample.instances)) as unknown[]) {
        judged++;
        const ours = validator.validateSection(`s${i}`, data).length === 0;
        if (ours !== check(data).valid) disagreements.push(`s${i} ${JSON.stringify(schema.properties[`s${i}`])}: ${JSON.stringify(data)} (ours: ${ours ? "valid" : "invalid"})`);
      }
    });
    expect(disagreements).toEqual([]);
    expect(judged).toBeGreaterThan(1000);
  });
});
