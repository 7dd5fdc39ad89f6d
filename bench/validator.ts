// The section validator on the 40 × 50 synthetic schema, side by side in one run: Ajv compiling at
// run time (`createSchemaValidator`) against the precompiled validate.js that `sync-schema` writes.
// Cold start is measured in fresh Node processes (import, compile or load, first validateSection);
// validation cost in this process, the two taking turns; bundle sizes with esbuild, minified, gzip.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Plugin } from "esbuild";
import { gzipBundleSize } from "./bundle-size.js";
import { sample } from "../scripts/lib/sample.js";
import { syntheticSchema } from "./synthetic-schema.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../", import.meta.url));
const dist = (path: string): string => join(root, "dist/esm/src", path);

/** How bench/run.ts prints. */
export interface Report {
  section(title: string): void;
  figure(name: string, value: number, unit: string, anchor?: { value: number; name: string }, digits?: number): void;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs the validator figures into the report. */
export async function validatorBench(report: Report): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "circle-bench-validator-"));
  try {
    const schema = syntheticSchema();
    const schemaFile = join(work, "schema.json");
    await writeFile(schemaFile, JSON.stringify(schema));
    // validate.js as sync-schema writes it, its entry point resolved to the build.
    await run(process.execPath, [join(root, "dist/cli.js"), "sync-schema", "--schema-file", schemaFile, "--out", join(work, "sections")]);
    const validateFile = join(work, "sections/validate.js");
    const validateJs = await readFile(validateFile, "utf8");
    await writeFile(validateFile, validateJs.replace('"circle-onboarding/precompiled"', JSON.stringify(pathToFileURL(dist("precompiled/index.js")).href)));
    const names = Object.keys(schema.properties as object);
    const payloads = names.map((name) => [name, sample(schema, (schema.properties as Record<string, unknown>)[name])] as const);

    report.section("6. Section validator on the 40 × 50 schema: Ajv at run time vs the precompiled validate.js");
    // Cold start: a fresh process each time, runtime and precompiled alternating, 5 rounds.
    const first = JSON.stringify(payloads[0]);
    const runtimeScript = `const t0 = performance.now(); const { createSchemaValidator } = await import(${JSON.stringify(pathToFileURL(dist("index.js")).href)}); const schema = JSON.parse(await (await import("node:fs/promises")).readFile(${JSON.stringify(schemaFile)}, "utf8")); const v = createSchemaValidator(schema); const [n, p] = ${first}; v.validateSection(n, p); console.log(performance.now() - t0);`;
    const precompiledScript = `const t0 = performance.now(); const { validator } = await import(${JSON.stringify(pathToFileURL(validateFile).href)}); const [n, p] = ${first}; validator.validateSection(n, p); console.log(performance.now() - t0);`;
    const cold = { runtime: [] as number[], precompiled: [] as number[] };
    for (let round = 0; round < 5; round++) {
      for (const [kind, script] of [["runtime", runtimeScript], ["precompiled", precompiledScript]] as const) {
        const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: work });
        cold[kind].push(Number(stdout.trim()));
      }
    }
    const coldPre = median(cold.precompiled);
    report.figure("time to first validateSection, Ajv compiling at run time (import, compile, validate)", median(cold.runtime), "ms", { value: coldPre, name: "precompiled" });
    report.figure("time to first validateSection, precompiled validate.js (import, validate)", coldPre, "ms");

    // Per validation: every section's sample payload and an empty one, the two validators taking turns.
    const { createSchemaValidator } = (await import(pathToFileURL(dist("index.js")).href)) as typeof import("../src/index.js");
    const { validator } = (await import(pathToFileURL(validateFile).href)) as { validator: import("../src/index.js").SchemaValidator };
    const runtime = createSchemaValidator(schema);
    const cases = payloads.flatMap(([name, payload]) => [[name, payload], [name, {}]] as const);
    const agree = cases.every(([name, payload]) => JSON.stringify(runtime.validateSection(name, payload)) === JSON.stringify(validator.validateSection(name, payload)));
    const perCall = { runtime: [] as number[], precompiled: [] as number[] };
    for (let round = 0; round < 20; round++) {
      for (const [kind, v] of [["runtime", runtime], ["precompiled", validator]] as const) {
        const t = performance.now();
        for (let i = 0; i < 25; i++) for (const [name, payload] of cases) v.validateSection(name, payload);
        perCall[kind].push(((performance.now() - t) * 1000) / (25 * cases.length));
      }
    }
    const perPre = median(perCall.precompiled);
    report.figure("validateSection, Ajv compiled at run time", median(perCall.runtime), "µs", { value: perPre, name: "precompiled" }, 1);
    report.figure("validateSection, precompiled validate.js", perPre, "µs", undefined, 1);
    report.figure("same errors from both, every case (1 = yes)", agree ? 1 : 0, "");
    report.figure("validate.js size", Buffer.byteLength(validateJs) / 1024, "kB", undefined, 0);

    // Browser bundles: the client with each validator.
    const precompiledEntry: Plugin = {
      name: "precompiled-entry",
      setup(b) {
        b.onResolve({ filter: /^circle-onboarding\/precompiled$/ }, () => ({ path: dist("precompiled/index.js") }));
      },
    };
    const gzipKb = (code: string, resolveDir: string) => gzipBundleSize(code, resolveDir, { loader: "js", plugins: [precompiledEntry] });
    await writeFile(validateFile, validateJs);
    const withPrecompiled = await gzipKb(`import { createOnboardingClient } from "circle-onboarding"; import { validator } from ${JSON.stringify(validateFile)}; export const c = createOnboardingClient({ token: "t", validator });`, root);
    const withAjv = await gzipKb(`import { createOnboardingClient, createSchemaValidator } from "circle-onboarding"; export const c = [createOnboardingClient, createSchemaValidator];`, root);
    report.figure("client + precompiled validate.js of the 40 × 50 schema", withPrecompiled, "kB gzip", { value: withAjv, name: "client + Ajv" }, 2);
    report.figure("client + createSchemaValidator (Ajv, its compiler, @cfworker/json-schema)", withAjv, "kB gzip", undefined, 2);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
