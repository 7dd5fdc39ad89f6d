// Soundness of the generated types on the official JSON Schema Test Suite (the keywords an
// application schema uses): every instance the suite marks valid must type-check against the
// type generated for its schema. Also measured: how many invalid instances fail to type-check,
// the same two figures for plain json-schema-to-typescript, and the validator's agreement.
import { compile } from "json-schema-to-typescript";
import { afterAll, describe, expect, it } from "vitest";
import { renderSectionTypes } from "../../src/codegen/section-types.js";
import { createSchemaValidator } from "../../src/sections/validator.js";
import { asApplicationSchema, type CheckModule, loadSuite, suiteAvailable, suiteDir, typeCheck } from "./suite-harness.js";

if (!suiteAvailable) console.warn(`JSON Schema Test Suite not found at ${suiteDir}: its soundness tests are skipped`);

describe.skipIf(!suiteAvailable)("JSON Schema Test Suite (draft 2020-12, read from ../shared/json-schema-test-suite)", () => {
  const groups = suiteAvailable ? loadSuite() : [];
  const cases = groups.flatMap((g) => g.tests);
  const validCount = cases.filter((c) => c.valid).length;
  const invalidCount = cases.length - validCount;
  const figures: string[] = [];
  const share = (n: number, of: number): string => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;

  afterAll(() => {
    if (figures.length) console.log(`JSON Schema Test Suite, ${groups.length} schemas, ${cases.length} cases:\n  ${figures.join("\n  ")}`);
  });

  /** Per generator: valid instances accepted and invalid ones rejected by the TypeScript compiler. */
  const tally = (accepted: boolean[][]): { validAccepted: number; invalidRejected: number; unsound: string[] } => {
    let validAccepted = 0;
    let invalidRejected = 0;
    const unsound: string[] = [];
    groups.forEach((g, i) =>
      g.tests.forEach((c, j) => {
        const ok = accepted[i]![j]!;
        if (c.valid && ok) validAccepted++;
        if (c.valid && !ok) unsound.push(`${g.id} / ${c.description}: ${JSON.stringify(c.data)}`);
        if (!c.valid && !ok) invalidRejected++;
      }),
    );
    return { validAccepted, invalidRejected, unsound };
  };

  it("accepts every valid instance with our types (soundness), in one TypeScript program with plain json2ts's", async () => {
    const ours: CheckModule[] = [];
    const plain: CheckModule[] = [];
    for (const [i, g] of groups.entries()) {
      const application = asApplicationSchema(g.schema);
      const data = g.tests.map((c) => c.data);
      ours.push({ name: `ours-${i}`, types: (await renderSectionTypes(application)).indexTs, typeExpr: 'SectionPayloads["value"]', cases: data });
      // Plain json2ts, default options; a schema it cannot compile accepts nothing.
      const types = await compile({ ...application, title: "Root", required: ["value"] }, "Root", { format: false, bannerComment: "" }).catch(
        () => "export type Root = { value: never };",
      );
      plain.push({ name: `plain-${i}`, types, typeExpr: 'Root["value"]', cases: data });
    }
    const results = typeCheck([...ours, ...plain]);
    const ourResults = results.slice(0, groups.length);
    const plainResults = results.slice(groups.length);

    expect(ourResults.flatMap((r) => r.otherErrors), "generated modules compile").toEqual([]);
    const o = tally(ourResults.map((r) => r.accepted));
    const p = tally(plainResults.map((r) => r.accepted));
    figures.push(
      `ours:  valid accepted ${share(o.validAccepted, validCount)}, invalid rejected ${share(o.invalidRejected, invalidCount)}`,
      `plain json-schema-to-typescript: valid accepted ${share(p.validAccepted, validCount)}, invalid rejected ${share(p.invalidRejected, invalidCount)}`,
    );
    expect(o.unsound).toEqual([]);
    expect(o.validAccepted).toBe(validCount);
  });

  it("has the validator agree with the suite on every case", () => {
    const disagreements: string[] = [];
    let agree = 0;
    for (const g of groups) {
      const validator = createSchemaValidator(asApplicationSchema(g.schema));
      for (const c of g.tests) {
        const errors = validator.validateSection("value", c.data);
        if ((errors.length === 0) === c.valid) agree++;
        else disagreements.push(`${g.id} / ${c.description}: ${JSON.stringify(c.data)} → ${JSON.stringify(errors)}`);
      }
    }
    figures.push(`validator agrees on ${agree}/${cases.length} cases`);
    expect(disagreements).toEqual([]);
  });
});
