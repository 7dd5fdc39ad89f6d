// Forms on the 40 × 50 synthetic schema, with the built package (dist/) and the precompiled
// validator sync-schema writes for it: what describeForm costs per call and per section (one
// keystroke), side by side with the validation it wraps, and its weight in a browser bundle.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipBundleSize } from "./bundle-size.js";
import { syntheticSchema } from "./synthetic-schema.js";

const run = promisify(execFile);

/** What bench/run.ts lends: where the package is, and how figures print. */
export interface BenchContext {
  root: string;
  figure: (name: string, value: number, unit: string, anchor?: { value: number; name: string }, digits?: number) => void;
  section: (title: string) => void;
}

type Index = typeof import("../src/index.js");
type Validator = import("../src/index.js").SchemaValidator;

/** Microseconds per call of each function, measured in alternating blocks (so that drift hits all alike); the median block. */
function perCall(fns: readonly (() => unknown)[], blockMs = 40, blocks = 15): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let b = 0; b < blocks; b++) {
    fns.forEach((fn, i) => {
      let n = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < blockMs) {
        fn();
        n++;
        elapsed = performance.now() - start;
      }
      samples[i]!.push((elapsed * 1000) / n);
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]!);
}

/** Answers for every section: the field each top-level condition tests, and a few more, so that conditions decide. */
function answers(schema: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, section] of Object.entries(schema.properties as Record<string, { type?: string }>)) {
    const entity = { field_0_value: "field_0_valueOption0", field1: "text", field2: 42 };
    data[name] = section.type === "array" ? [entity, { ...entity, field_0_value: "field_0_valueOption1" }] : entity;
  }
  return data;
}

/** Sections 7 and 8 of the bench. */
export async function formsBench({ root, figure, section }: BenchContext): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "circle-bench-forms-"));
  try {
    await measure(root, work, figure, section);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function measure(root: string, work: string, figure: BenchContext["figure"], section: BenchContext["section"]): Promise<void> {
  section("7. Forms: describeForm on the 40 × 50 schema (built package, precompiled validator; median of alternating 40 ms blocks)");
  const schema = syntheticSchema();
  const schemaFile = join(work, "forms-schema.json");
  await writeFile(schemaFile, JSON.stringify(schema));
  const out = join(work, "forms-sections");
  await run(process.execPath, [join(root, "dist/cli.js"), "sync-schema", "--schema-file", schemaFile, "--out", out]);
  // validate.js imports the package by name; from this scratch folder, that is the built entry point.
  const precompiledEntry = pathToFileURL(join(root, "dist/esm/src/precompiled/index.js")).href;
  const validateJs = (await readFile(join(out, "validate.js"), "utf8")).replace('"circle-onboarding/precompiled"', JSON.stringify(precompiledEntry));
  await writeFile(join(out, "validate.mjs"), validateJs);
  const { validator } = (await import(pathToFileURL(join(out, "validate.mjs")).href)) as { validator: Validator };
  const { describeForm, prune, resolveSchema } = (await import(pathToFileURL(join(root, "dist/esm/src/index.js")).href)) as Index;

  const data = answers(schema);
  const names = Object.keys(schema.properties as object);
  let next = 0;
  const name = (): string => names[next++ % names.length]!;
  const fields = describeForm(validator, data).sections.reduce((n, s) => n + s.fields.length, 0);
  console.log(`model: ${names.length} sections, ${fields} fields (array sections hold two entities each)`);

  const [whole, validateAll] = perCall([() => describeForm(validator, data), () => validator.validateData(data)]);
  figure("describeForm, whole application", whole!, "µs", { value: validateAll!, name: "validateData of the same answers" });
  figure("validateData, whole application", validateAll!, "µs");
  const [one, validateOne] = perCall([
    () => {
      const n = name();
      return describeForm(validator, data, { sections: [n] });
    },
    () => {
      const n = name();
      return validator.validateSection(n, data[n]);
    },
  ]);
  figure("describeForm, one section (a keystroke)", one!, "µs", { value: validateOne!, name: "validateSection" });
  figure("validateSection, one section", validateOne!, "µs");
  const [pruned, resolved] = perCall([() => prune(validator, data), () => resolveSchema(schema, data)]);
  figure("prune, whole application", pruned!, "µs", { value: whole!, name: "describeForm" });
  figure("resolveSchema, whole application", resolved!, "µs", { value: whole!, name: "describeForm" });

  section("8. Forms in a browser bundle (esbuild, minified, gzip)");
  const bundle = (contents: string) => gzipBundleSize(contents, root, { alias: { "circle-onboarding/precompiled": join(root, "dist/esm/src/precompiled/index.js") } });
  const validateFile = JSON.stringify(join(out, "validate.js"));
  const forms = await bundle(`export { describeForm, prune } from "circle-onboarding";`);
  const precompiled = await bundle(`export { validator } from ${validateFile};`);
  const both = await bundle(`export { describeForm, prune } from "circle-onboarding"; export { validator } from ${validateFile};`);
  const runtime = await bundle(`export { describeForm, prune, createSchemaValidator } from "circle-onboarding";`);
  figure("describeForm + prune", forms, "kB gzip", undefined, 2);
  figure("precompiled validator of the 40 × 50 schema", precompiled, "kB gzip", undefined, 2);
  figure("describeForm + prune + that precompiled validator", both, "kB gzip", { value: precompiled, name: "the validator alone" }, 2);
  figure("describeForm + prune + createSchemaValidator (Ajv, compiles at run time)", runtime, "kB gzip", { value: both, name: "with the precompiled validator" }, 2);
}
