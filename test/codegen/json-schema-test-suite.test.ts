// The official JSON Schema Test Suite (draft 2020-12; committed under test/fixtures, MIT): every
// instance the suite marks valid must type-check against the type generated for its schema
// (soundness), as many invalid ones as possible must not (strictness, against plain
// json-schema-to-typescript), and the validators, compiled at run time and precompiled, must agree
// with the suite on every case. Figures are printed per file (keyword).
import { compile } from "json-schema-to-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSectionTypes } from "../../src/codegen/section-types.js";
import type { SchemaValidator } from "../../src/sections/index.js";
import { createSchemaValidator } from "../../src/sections/validator.js";
import { precompiledFolder } from "../support/precompile.js";
import { asSection, extendedFiles, loadSuite, sectionOf, subsetFiles, suiteApplications, typeCheck } from "./suite-harness.js";

const files = [...subsetFiles, ...extendedFiles];
const groups = loadSuite(files);
const applications = suiteApplications(groups);

/** Per file: cases, and how each generator and validator did. */
interface Tally {
  valid: number;
  invalid: number;
  oursValid: number;
  oursInvalid: number;
  plainValid: number;
  plainInvalid: number;
  /** Invalid instances of the schemas where json2ts accepts every valid one: rejected by json2ts, and by ours. */
  fairInvalid: number;
  fairPlain: number;
  fairOurs: number;
  runtime: number;
  precompiled: number;
}
const tallies = new Map<string, Tally>(files.map((f) => [f, { valid: 0, invalid: 0, oursValid: 0, oursInvalid: 0, plainValid: 0, plainInvalid: 0, fairInvalid: 0, fairPlain: 0, fairOurs: 0, runtime: 0, precompiled: 0 }]));
for (const g of groups) for (const c of g.tests) tallies.get(g.file)![c.valid ? "valid" : "invalid"]++;
const done = new Set<string>();

// Where neither Ajv nor the interpreter evaluates the schema right: `$dynamicRef` (which Ajv
// recurses on without end, and @cfworker/json-schema resolves statically). Not a keyword of
// application schemas; the validator accepts these payloads rather than risk refusing valid ones.
const knownMisses = [
  'unevaluatedProperties.json #21: unevaluatedProperties with $dynamicRef / with unevaluated properties: {"foo":"foo","bar":"bar","baz":"baz"} → []',
  'unevaluatedItems.json #18: unevaluatedItems with $dynamicRef / with unevaluated items: ["foo","bar","baz"] → []',
];

afterAll(() => {
  if (done.size < 3) return;
  const total = (list: readonly string[]): Tally => {
    const sum: Tally = { valid: 0, invalid: 0, oursValid: 0, oursInvalid: 0, plainValid: 0, plainInvalid: 0, fairInvalid: 0, fairPlain: 0, fairOurs: 0, runtime: 0, precompiled: 0 };
    for (const f of list) for (const k of Object.keys(sum) as (keyof Tally)[]) sum[k] += tallies.get(f)![k];
    return sum;
  };
  const row = (name: string, t: Tally): string =>
    `| ${name} | ${t.oursValid}/${t.valid} | ${t.oursInvalid}/${t.invalid} | ${t.plainValid}/${t.valid} | ${t.plainInvalid}/${t.invalid} | ${t.fairOurs} vs ${t.fairPlain} of ${t.fairInvalid} | ${t.runtime}/${t.valid + t.invalid} | ${t.precompiled}/${t.valid + t.invalid} |`;
  const lines = [
    "| file | ours: valid accepted | ours: invalid rejected | json2ts: valid accepted | json2ts: invalid rejected | where json2ts is sound: invalid rejected, ours vs json2ts | validator agrees | precompiled agrees |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...files.map((f) => row(f.replace(/\.json$/, ""), tallies.get(f)!)),
    row("**subset**", total(subsetFiles)),
    row("**extended files**", total(extendedFiles)),
    row("**all**", total(files)),
  ];
  console.log(`JSON Schema Test Suite, ${groups.length} schemas:\n${lines.join("\n")}`);
});

describe("JSON Schema Test Suite (draft 2020-12)", () => {
  it("accepts every valid instance with our types (soundness), and is measured beside plain json2ts in one TypeScript program", async () => {
    const ours = await Promise.all(
      applications.map(async (a, k) => ({
        name: `ours-${k}`,
        types: (await renderSectionTypes(a.schema)).indexTs,
        cases: a.members.flatMap((i) => groups[i]!.tests.map((c) => ({ typeExpr: `SectionPayloads[${JSON.stringify(sectionOf(i))}]`, data: c.data }))),
      })),
    );
    const plain = await Promise.all(
      groups.map(async (g, i) => {
        const wrapped = { title: "Root", type: "object", properties: { value: asSection(g.schema, "/properties/value") }, required: ["value"] };
        // Plain json2ts with its default options, references never fetched; a schema it cannot compile accepts nothing.
        const types = await compile(wrapped as never, "Root", { format: false, bannerComment: "", $refOptions: { resolve: { http: false } } }).catch(() => "export type Root = { value: never };");
        return { name: `plain-${i}`, types, cases: g.tests.map((c) => ({ typeExpr: 'Root["value"]', data: c.data })) };
      }),
    );
    const results = typeCheck([...ours, ...plain]);
    const oursResults = results.slice(0, ours.length);
    const plainResults = results.slice(ours.length);
    expect(oursResults.flatMap((r) => r.otherErrors), "the generated modules compile").toEqual([]);
    // Group index → whether each of its cases type-checks against our types.
    const oursAccepted = new Map<number, boolean[]>();
    applications.forEach((a, k) => {
      let at = 0;
      for (const i of a.members) oursAccepted.set(i, groups[i]!.tests.map(() => oursResults[k]!.accepted[at++]!));
    });
    const unsound: string[] = [];
    groups.forEach((g, i) => {
      const t = tallies.get(g.file)!;
      const plainSound = g.tests.every((c, j) => !c.valid || plainResults[i]!.accepted[j]);
      g.tests.forEach((c, j) => {
        const accepted = oursAccepted.get(i)![j]!;
        const plainAccepted = plainResults[i]!.accepted[j]!;
        if (plainSound && !c.valid) {
          t.fairInvalid++;
          if (!plainAccepted) t.fairPlain++;
          if (!accepted) t.fairOurs++;
        }
        if (c.valid) {
          if (accepted) t.oursValid++;
          else unsound.push(`${g.id} / ${c.description}: ${JSON.stringify(c.data)}`);
          if (plainAccepted) t.plainValid++;
        } else {
          if (!accepted) t.oursInvalid++;
          if (!plainAccepted) t.plainInvalid++;
        }
      });
    });
    done.add("types");
    expect(unsound).toEqual([]);
  });

  const agreement = async (make: (schema: Record<string, unknown>) => SchemaValidator | Promise<SchemaValidator>, field: "runtime" | "precompiled"): Promise<string[]> => {
    const disagreements: string[] = [];
    for (const a of applications) {
      const validator = await make(a.schema);
      for (const i of a.members) {
        const g = groups[i]!;
        for (const c of g.tests) {
          const errors = validator.validateSection(sectionOf(i), c.data);
          if ((errors.length === 0) === c.valid) tallies.get(g.file)![field]++;
          else disagreements.push(`${g.id} / ${c.description}: ${JSON.stringify(c.data)} → ${JSON.stringify(errors)}`);
        }
      }
    }
    done.add(field);
    return disagreements;
  };

  it("has the validator Ajv compiles at run time agree with the suite on every case", async () => {
    expect(await agreement(createSchemaValidator, "runtime")).toEqual(knownMisses);
  });

  describe("precompiled", () => {
    let folder: Awaited<ReturnType<typeof precompiledFolder>>;
    beforeAll(async () => {
      folder = await precompiledFolder();
    });
    afterAll(() => folder.remove());

    it("has the precompiled validator agree with the suite on every case", async () => {
      expect(await agreement((schema) => folder.load(schema), "precompiled")).toEqual(knownMisses);
    });
  });
});
