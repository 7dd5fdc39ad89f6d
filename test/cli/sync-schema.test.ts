// `circle-onboarding sync-schema`: files written, `--check` exit codes and drift report, usage
// and fetch errors; the live fetch is a hook (stubbed here, or a plain fetch to the Prism mock).
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { type FetchLiveSchema, type LiveSchemaRequest, runSyncSchema } from "../../src/cli/sync-schema.js";
import { apiErrorFor, ConnectionError } from "../../src/errors.js";
import { liveSchemaFetcher } from "../../src/cli/process-io.js";
import { type CommandRun, runCommand } from "../support/command-run.js";
import { json, startFaultServer } from "../support/fault-server.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const applicationId = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "sync-schema-"));
  await cp(join(fixtures, "schemas"), join(cwd, "schemas"), { recursive: true });
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function run(argv: string[], options: { env?: Record<string, string>; fetchLiveSchema?: FetchLiveSchema } = {}): Promise<CommandRun> {
  return runCommand(runSyncSchema, argv, { env: options.env ?? {}, cwd, fetchLiveSchema: options.fetchLiveSchema });
}

const file = (path: string): Promise<string> => readFile(join(cwd, path), "utf8");

describe("writing", () => {
  it("writes schema.json, index.ts, validate.js and validate.d.ts to generated/sections by default, the same bytes as the golden files", async () => {
    const result = await run(["--schema-file", "schemas/trust.json"]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toMatch(
      /generating section types\.\.\.\n.*generated in \d+ ms\n.*wrote generated\/sections\/schema\.json, generated\/sections\/index\.ts, generated\/sections\/validate\.js, generated\/sections\/validate\.d\.ts\n$/s,
    );
    expect(await file("generated/sections/validate.js")).toMatch(/^export const validator = createPrecompiledValidator\(/m);
    expect(await file("generated/sections/validate.d.ts")).toMatch(/^export declare const validator: SchemaValidator<SectionPayloads>;$/m);
    expect(await file("generated/sections/schema.json")).toBe(await readFile(join(fixtures, "generated/trust/schema.json"), "utf8"));
    expect(await file("generated/sections/index.ts")).toBe(await readFile(join(fixtures, "generated/trust/index.ts"), "utf8"));
    const again = await run(["--schema-file=schemas/trust.json"]);
    expect(again.stderr).toMatch(/generated\/sections already up to date/);
  });

  it("honours --out", async () => {
    expect((await run(["--schema-file", "schemas/crypto-exchange.json", "--out", "types/circle"])).code).toBe(0);
    expect(await file("types/circle/index.ts")).toMatch(/export type SectionName =/);
  });
});

describe("--check", () => {
  const drift = async (): Promise<void> => {
    const schema = JSON.parse(await file("schemas/trust.json"));
    schema.properties.basicBusinessInfo.properties.taxId = { type: "string" };
    schema.properties.basicBusinessInfo.required.push("taxId");
    schema.properties.basicBusinessInfo.properties.tradingName = { type: "string" };
    schema.properties.basicBusinessInfo.properties.natureOfBusiness.enum.pop();
    await writeFile(join(cwd, "schemas/trust.json"), JSON.stringify(schema));
  };

  it("exits 0 when the committed files are up to date", async () => {
    await run(["--schema-file", "schemas/trust.json"]);
    const result = await run(["--schema-file", "schemas/trust.json", "--check"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/are up to date/);
  });

  it("exits 1 on drift, naming each change breaking or not, and writes nothing", async () => {
    await run(["--schema-file", "schemas/trust.json"]);
    const committed = await file("generated/sections/index.ts");
    await drift();
    const result = await run(["--schema-file", "schemas/trust.json", "--check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "generated/sections/schema.json differs from the live schema: 2 breaking changes, 1 non-breaking change.",
        '  BREAKING      basicBusinessInfo.natureOfBusiness: value "bank" no longer allowed',
        "  BREAKING      basicBusinessInfo.taxId: new required field",
        "  non-breaking  basicBusinessInfo.tradingName: new optional field",
        "Run sync-schema without --check to update the files, review the breaking changes, and commit.",
        "",
      ].join("\n"),
    );
    expect(result.stdout).not.toMatch(/^::/m);
    expect(await file("generated/sections/index.ts")).toBe(committed);
  });

  it("adds GitHub Actions annotations when GITHUB_ACTIONS=true: errors for breaking changes, warnings otherwise", async () => {
    await run(["--schema-file", "schemas/trust.json"]);
    await drift();
    const result = await run(["--schema-file", "schemas/trust.json", "--check"], { env: { GITHUB_ACTIONS: "true" } });
    expect(result.code).toBe(1);
    const annotations = result.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toEqual([
      '::error file=generated/sections/schema.json,title=Breaking application schema change::basicBusinessInfo.natureOfBusiness: value "bank" no longer allowed',
      "::error file=generated/sections/schema.json,title=Breaking application schema change::basicBusinessInfo.taxId: new required field",
      "::warning file=generated/sections/schema.json,title=Application schema change::basicBusinessInfo.tradingName: new optional field",
    ]);
  });

  it("exits 1 when index.ts is stale although the schema is not", async () => {
    await run(["--schema-file", "schemas/trust.json"]);
    await writeFile(join(cwd, "generated/sections/index.ts"), "// edited by hand\n");
    const result = await run(["--schema-file", "schemas/trust.json", "--check"], { env: { GITHUB_ACTIONS: "true" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/generated\/sections\/index\.ts is stale/);
    expect(result.stdout).toMatch(/^::error file=generated\/sections\/index\.ts,/m);
  });

  it("exits 1 when validate.js or validate.d.ts is stale or missing although the schema is not", async () => {
    await run(["--schema-file", "schemas/trust.json"]);
    await writeFile(join(cwd, "generated/sections/validate.js"), "export const validator = {};\n");
    await rm(join(cwd, "generated/sections/validate.d.ts"));
    const result = await run(["--schema-file", "schemas/trust.json", "--check"], { env: { GITHUB_ACTIONS: "true" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^generated\/sections\/validate\.js, generated\/sections\/validate\.d\.ts are stale/);
    expect(result.stdout).toMatch(/^::error file=generated\/sections\/validate\.js,/m);
    expect(result.stdout).toMatch(/^::error file=generated\/sections\/validate\.d\.ts,/m);
  });

  it("exits 1 when nothing was generated yet", async () => {
    const result = await run(["--schema-file", "schemas/trust.json", "--check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/generated\/sections\/schema\.json is missing/);
  });
});

describe("usage errors exit 2 with one clear line", () => {
  it.each([
    [[], /exactly one of --application-id <uuid> and --schema-file <path>/],
    [["--schema-file", "schemas/trust.json", "--application-id", applicationId], /exactly one of/],
    [["--application-id", "not-a-uuid"], /--application-id: expected a UUID, got "not-a-uuid"/],
    [["--schema-file"], /--schema-file needs a value/],
    [["--schema-file", "--check"], /--schema-file needs a value/],
    [["--schema", "x.json"], /unknown argument --schema/],
    [["--schema-file", "a.json", "--schema-file", "b.json"], /--schema-file given twice/],
    [["--application-id", applicationId, "--environment", "staging"], /--environment: expected sandbox or production/],
    [["--application-id", applicationId, "--base-url", "localhost:4010"], /--base-url: expected an http\(s\) URL/],
    [["--schema-file", "schemas/trust.json", "--environment", "production"], /only apply with --application-id/],
    [["--schema-file", "missing.json"], /cannot read --schema-file missing\.json/],
  ])("%j", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a file that is not JSON, or not an application schema", async () => {
    await writeFile(join(cwd, "broken.json"), "{ nope");
    await writeFile(join(cwd, "array.json"), "[]");
    expect(await run(["--schema-file", "broken.json"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not JSON/) });
    expect(await run(["--schema-file", "array.json"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/not an application schema/) });
  });

  it("--help prints the options and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--application-id <uuid>[\s\S]*--check[\s\S]*Exit codes: 0/);
  });
});

describe("live schema", () => {
  const env = { CIRCLE_API_KEY: "sk_test_sync" };
  const schema = async (): Promise<unknown> => JSON.parse(await readFile(join(fixtures, "schemas/trust.json"), "utf8"));

  it("passes the id, the token from CIRCLE_API_KEY, the environment and the base URL to the fetch hook", async () => {
    const requests: LiveSchemaRequest[] = [];
    const fetchLiveSchema: FetchLiveSchema = async (request) => (requests.push(request), schema());
    expect((await run(["--application-id", applicationId], { env, fetchLiveSchema })).code).toBe(0);
    await run(["--application-id", applicationId, "--environment", "production", "--base-url", "http://127.0.0.1:4010", "--check"], { env, fetchLiveSchema });
    expect(requests).toEqual([
      { applicationId, token: "sk_test_sync", environment: "sandbox" },
      { applicationId, token: "sk_test_sync", environment: "production", baseUrl: "http://127.0.0.1:4010" },
    ]);
    expect(await file("generated/sections/schema.json")).toBe(await readFile(join(fixtures, "generated/trust/schema.json"), "utf8"));
  });

  it("needs CIRCLE_API_KEY and a fetch hook", async () => {
    expect(await run(["--application-id", applicationId], { fetchLiveSchema: schema })).toMatchObject({ code: 2, stderr: expect.stringMatching(/set CIRCLE_API_KEY/) });
    expect(await run(["--application-id", applicationId], { env })).toMatchObject({ code: 2, stderr: expect.stringMatching(/not available in this entry point/) });
  });

  const failing = (error: unknown): FetchLiveSchema => () => Promise.reject(error);
  const apiError = (status: number) =>
    apiErrorFor({ status, headers: new Headers(), body: { code: status, message: status === 401 ? "Malformed authorization." : "Not found." }, request: { method: "GET", url: "https://api-sandbox.circle.com/x" } });

  it.each([
    [401, /^sync-schema: 401 Unauthorized: Malformed authorization\. \(CIRCLE_API_KEY was refused for sandbox\)\n$/],
    [404, /^sync-schema: 404 Not Found \(no application 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d in sandbox\)\n$/],
    [500, /^sync-schema: 500 Internal Server Error: Not found\.\n$/],
  ])("an API error %i is one line, exit 2", async (status, message) => {
    const result = await run(["--application-id", applicationId], { env, fetchLiveSchema: failing(apiError(status)) });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").slice(1).join("\n")).toMatch(message);
  });

  it("a network error is one line, exit 2", async () => {
    for (const error of [new ConnectionError("connect ECONNREFUSED 127.0.0.1:9"), new TypeError("fetch failed")]) {
      const result = await run(["--application-id", applicationId], { env, fetchLiveSchema: failing(error) });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/\nsync-schema: network error: (connect ECONNREFUSED 127\.0\.0\.1:9|fetch failed)\n$/);
    }
  });

  it("works end to end against the Prism mock through the client", async () => {
    const result = await run(["--application-id", applicationId, "--base-url", inject("prismUrl")], { env, fetchLiveSchema: liveSchemaFetcher });
    expect(result.code).toBe(0);
    expect(await file("generated/sections/index.ts")).toBe(await readFile(fileURLToPath(new URL("../../generated/sections/index.ts", import.meta.url)), "utf8"));
  });

  it.each([
    [401, /^sync-schema: 401 Unauthorized: Malformed authorization\. \(CIRCLE_API_KEY was refused for sandbox\)$/],
    [404, /^sync-schema: 404 Not Found \(no application [\w-]+ in sandbox\)$/],
  ])("reports a %i from the API through the client as one line, exit 2", async (status, message) => {
    const server = await startFaultServer();
    try {
      server.fallback(json(status, { code: status, message: status === 401 ? "Malformed authorization." : "Not found." }));
      const result = await run(["--application-id", applicationId, "--base-url", server.url], { env, fetchLiveSchema: liveSchemaFetcher });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n").at(-1)).toMatch(message);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("circle-onboarding (main)", () => {
  const runMain = (argv: string[]) => runCommand(main, argv, { env: {}, cwd });

  it("lists the commands for help, exits 2 without a command or with an unknown one", async () => {
    const a = await runMain(["--help"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/sync-schema/);
    const b = await runMain([]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/Usage: circle-onboarding <command>/);
    const c = await runMain(["sync"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/unknown command "sync"/);
  });

  it("delegates sync-schema", async () => {
    expect((await runMain(["sync-schema", "--schema-file", "schemas/trust.json", "--out", "out"])).code).toBe(0);
    expect(await file("out/schema.json")).toMatch(/"basicBusinessInfo"/);
  });

  it("loads json-schema-to-typescript only on the sync-schema path (no static import leads to it)", async () => {
    const out = await mkdtemp(join(tmpdir(), "cli-graph-"));
    try {
      const { metafile } = await build({
        entryPoints: [fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url))],
        bundle: true,
        splitting: true,
        format: "esm",
        platform: "node",
        packages: "external",
        metafile: true,
        outdir: out,
        write: false,
      });
      const outputs = metafile.outputs;
      const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint)!;
      // Everything reachable from the entry through static imports only.
      const reached = new Set<string>();
      const walk = (output: string) => {
        for (const imported of outputs[output]?.imports ?? []) {
          if (imported.kind !== "import-statement" || reached.has(imported.path)) continue;
          reached.add(imported.path);
          walk(imported.path);
        }
      };
      walk(entry);
      expect([...reached]).not.toContain("json-schema-to-typescript");
      const everywhere = Object.values(outputs).flatMap((o) => o.imports.map((i) => i.path));
      expect(everywhere).toContain("json-schema-to-typescript");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("the GitHub Actions example", () => {
  it("runs sync-schema --check on a schedule and on pull requests with the key from secrets", async () => {
    const workflow = parse(await readFile(fileURLToPath(new URL("../../examples/github-actions/schema-sync.yml", import.meta.url)), "utf8"));
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["schedule", "pull_request"]));
    const steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] = Object.values<{ steps: never[] }>(workflow.jobs)[0]!.steps;
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe(20);
    expect(steps.some((s) => s.run === "npm ci")).toBe(true);
    const check = steps.find((s) => s.run?.includes("sync-schema"))!;
    expect(check.run).toBe("npx circle-onboarding sync-schema --check --application-id ${{ vars.CIRCLE_APPLICATION_ID }}");
    expect(check.env?.CIRCLE_API_KEY).toBe("${{ secrets.CIRCLE_API_KEY }}");
  });
});

