// `npm run bench`: every figure side by side with its anchor, in one run, as
// `name: value unit (ratio vs anchor)`. Measures the built package (dist/), as users run it.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipBundleSize } from "./bundle-size.js";
import { compile } from "json-schema-to-typescript";
import { formsBench } from "./forms.js";
import { onboardBench } from "./onboard.js";
import { perRequestCpu, startUpstream, throughput, variants } from "./requests.js";
import { validatorBench } from "./validator.js";
import { describeSchema, syntheticSchema } from "./synthetic-schema.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../", import.meta.url));
const started = performance.now();
const lines: string[] = [];

/** Prints one figure: `name: value unit (ratio vs anchor)`. */
function figure(name: string, value: number, unit: string, anchor?: { value: number; name: string }, digits = 0): void {
  const ratio = anchor ? ` (${(value / anchor.value).toFixed(2)}× vs ${anchor.name})` : "";
  const line = `${name}: ${value.toFixed(digits)} ${unit}${ratio}`;
  lines.push(line);
  console.log(line);
}

function section(title: string): void {
  lines.push("", `## ${title}`);
  console.log(`\n## ${title}`);
}

async function time<T>(fn: () => Promise<T>, repeat: number): Promise<{ ms: number; result: T }> {
  const samples: number[] = [];
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    result = await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[samples.length >> 1]!, result };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

// 1 and 2: requests.
{
  const upstream = await startUpstream();
  try {
    const list = variants(upstream.url);
    section("1. Per-request client CPU (median of 5-request blocks, variants alternating block by block; 2 400 requests per variant and method)");
    const cpu = await perRequestCpu(list, 2400);
    const bare = cpu.get("openapi-fetch")!;
    for (const [name, c] of cpu) {
      figure(`cpu per GET, ${name}`, c.get, "µs", { value: bare.get, name: "openapi-fetch" });
      figure(`cpu per POST, ${name}`, c.post, "µs", { value: bare.post, name: "openapi-fetch" });
    }

    section("2. Throughput, 64 concurrent callers, 2 000 requests per round alternating GET and POST; 6 rounds, variants taking turns, median round");
    const rates = new Map(list.map((v) => [v.name, [] as number[]]));
    const errors = new Map(list.map((v) => [v.name, 0]));
    const heaps = new Map(list.map((v) => [v.name, [] as number[]]));
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < list.length; k++) {
        const v = list[(k + round) % list.length]!;
        const r = await throughput(v, 2000, 64);
        rates.get(v.name)!.push(r.perSecond);
        errors.set(v.name, errors.get(v.name)! + r.errors);
        heaps.get(v.name)!.push(heapMb());
      }
    }
    const medianRate = (name: string) => {
      const sorted = [...rates.get(name)!].sort((a, b) => a - b);
      return (sorted[2]! + sorted[3]!) / 2;
    };
    const bareRate = medianRate("openapi-fetch");
    for (const v of list) {
      figure(`throughput, ${v.name}`, medianRate(v.name), "requests/s", { value: bareRate, name: "openapi-fetch" });
      figure(`errors, ${v.name}`, errors.get(v.name)!, "");
      const h = heaps.get(v.name)!;
      figure(`heap after its round 6 minus after its round 1, ${v.name}`, h[5]! - h[0]!, "MB", undefined, 2);
    }
  } finally {
    upstream.stop();
  }
}

// 3: generators.
const work = await mkdtemp(join(tmpdir(), "circle-bench-"));
try {
  section("3. Generators");
  const schema = syntheticSchema();
  const shape = describeSchema(schema);
  console.log(`synthetic schema: ${shape.sections} sections, ${shape.fields} fields, ${shape.conditionals} conditional blocks, ${(shape.bytes / 1024).toFixed(0)} KB`);
  const schemaFile = join(work, "schema.json");
  await writeFile(schemaFile, JSON.stringify(schema));
  const node = process.execPath;
  const cli = join(root, "dist/cli.js");
  const json2ts = join(root, "node_modules/json-schema-to-typescript/dist/src/cli.js");
  // json2ts's default maxItems expands every bounded array into a union of tuples: on this schema
  // that is over a million lines and about 40 s, so the anchor is json2ts without that expansion.
  const sync = await time(() => run(node, [cli, "sync-schema", "--schema-file", schemaFile, "--out", join(work, "sections")]), 3);
  const plain = await time(() => run(node, [json2ts, "-i", schemaFile, "-o", join(work, "plain.d.ts"), "--maxItems", "-1"]), 3);
  figure("sync-schema --schema-file, whole process", sync.ms, "ms", { value: plain.ms, name: "json2ts CLI with --maxItems -1" });
  figure("json2ts CLI with --maxItems -1, whole process", plain.ms, "ms");
  const inProcess = await time(() => compile(schema as never, "Application", { additionalProperties: false, maxItems: -1, bannerComment: "" }), 3);
  figure("json2ts compile() in process, maxItems -1", inProcess.ms, "ms");
  figure("sync-schema output", (await readFile(join(work, "sections/index.ts"), "utf8")).split("\n").length, "lines", {
    value: inProcess.result.split("\n").length,
    name: "json2ts with maxItems -1",
  });
  const generate = await time(() => run(node, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/generate-paths.ts"), "--check"], { cwd: root }), 3);
  figure("npm run generate -- --check (openapi-typescript), whole process", generate.ms, "ms");

  section("4. Type-check cost of the generated section types (tsc --noEmit --extendedDiagnostics)");
  const sections = Object.keys(schema.properties as object);
  const consumer = [
    `import type { SectionPayloads, SectionName } from "./sections/index.js";`,
    `export const names: SectionName[] = ${JSON.stringify(sections)};`,
    ...sections.map((name, i) => `export const s${i}: Partial<SectionPayloads[${JSON.stringify(name)}]> | undefined = undefined;`),
  ].join("\n");
  await writeFile(join(work, "consumer.ts"), consumer);
  await writeFile(join(work, "empty.ts"), "export const nothing = 0;\n");
  const tsconfig = (file: string) => JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", skipLibCheck: true, types: [] }, files: [file] });
  await writeFile(join(work, "tsconfig.consumer.json"), tsconfig("consumer.ts"));
  await writeFile(join(work, "tsconfig.empty.json"), tsconfig("empty.ts"));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const diagnostics = async (project: string) => {
    const { stdout } = await run(node, [tsc, "-p", join(work, project), "--extendedDiagnostics"]);
    const read = (label: string) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(stdout)?.[1] ?? Number.NaN);
    return { total: read("Total time") * 1000, check: read("Check time") * 1000, instantiations: read("Instantiations"), types: read("Types") };
  };
  const empty = await time(() => diagnostics("tsconfig.empty.json"), 3);
  const used = await time(() => diagnostics("tsconfig.consumer.json"), 3);
  figure("tsc total, consumer of the 40-section types", used.result.total, "ms", { value: empty.result.total, name: "empty consumer" });
  figure("tsc total, empty consumer", empty.result.total, "ms");
  figure("tsc check time, consumer of the 40-section types", used.result.check, "ms");
  figure("tsc check time, empty consumer", empty.result.check, "ms");
  figure("instantiations, consumer of the 40-section types", used.result.instantiations, "");
  figure("instantiations, empty consumer", empty.result.instantiations, "");
  figure("types, consumer of the 40-section types", used.result.types, "", { value: empty.result.types, name: "empty consumer" });

  section("5. Bundle size for the browser (esbuild, minified, gzip)");
  const bundle = (code: string) => gzipBundleSize(code, root);
  const base = await bundle(`import createClient from "openapi-fetch"; export const c = createClient({ baseUrl: "https://api.circle.com" });`);
  // Imported by package name, so the package's own `exports` and `sideEffects` decide what is kept.
  const client = await bundle(`import { createOnboardingClient } from "circle-onboarding"; export const c = createOnboardingClient({ token: "t" });`);
  const withValidator = await bundle(`import { createOnboardingClient, createSchemaValidator } from "circle-onboarding"; export const c = [createOnboardingClient, createSchemaValidator];`);
  const withWebhooks = await bundle(`import { createOnboardingClient, verifyOnboardingNotification } from "circle-onboarding"; export const c = [createOnboardingClient, verifyOnboardingNotification];`);
  figure("bare openapi-fetch", base, "kB gzip", undefined, 2);
  figure("client (createOnboardingClient only)", client, "kB gzip", { value: base, name: "openapi-fetch" }, 2);
  figure("client minus openapi-fetch", client - base, "kB gzip", undefined, 2);
  figure("client + section validator (Ajv)", withValidator, "kB gzip", { value: client, name: "client alone" }, 2);
  figure("client + webhooks", withWebhooks, "kB gzip", { value: client, name: "client alone" }, 2);
} finally {
  await rm(work, { recursive: true, force: true });
}

// 6: the section validator, run-time Ajv against the precompiled validate.js.
await validatorBench({ section, figure });
// 7 and 8: forms.
await formsBench({ root, figure, section });
// 9 to 11: onboarding at scale.
await onboardBench({ figure, section });

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\nmachine: ${machine}\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
// `-- --write` puts the figures into BENCHMARKS.md, between its markers, so they are never retyped.
if (process.argv.includes("--write")) {
  const file = join(root, "BENCHMARKS.md");
  const current = await readFile(file, "utf8");
  const block = `<!-- figures:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench -- --write\`.\n\n\`\`\`\n${lines.join("\n").trim()}\n\`\`\`\n<!-- figures:end -->`;
  await writeFile(file, current.replace(/<!-- figures:start -->[\s\S]*<!-- figures:end -->/, block));
}
