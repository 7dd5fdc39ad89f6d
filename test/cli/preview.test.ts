// `circle-onboarding preview` as a command: one line and exit 2 for bad flags, the server on
// loopback with its Content-Security-Policy, the schema from a file or through the client, and a
// clean stop on Ctrl-C and SIGTERM of the real process.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runPreview } from "../../src/cli/preview.js";
import { liveSchemaFetcher } from "../../src/cli/process-io.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test/fixtures/schemas");
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "preview-"));
  await writeFile(join(cwd, "answers.json"), JSON.stringify({ basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "trust" } }));
  await writeFile(join(cwd, "bulk.json"), JSON.stringify({ data: { basicBusinessInfo: { legalName: "Bulk" } }, sections: [] }));
  await writeFile(join(cwd, "list.json"), "[1, 2]");
  await writeFile(join(cwd, "broken.json"), "{");
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

/** Runs the command in process until `stop` resolves; collects what it printed. */
function start(argv: string[], options: { env?: Record<string, string>; stop?: Promise<unknown> } = {}) {
  let stdout = "";
  let stderr = "";
  let announce!: (url: string) => void;
  const url = new Promise<string>((resolve) => (announce = resolve));
  const done = runPreview(argv, {
    stdout: (t) => {
      stdout += t;
      announce(t.trim());
    },
    stderr: (t) => void (stderr += t),
    env: options.env ?? {},
    cwd,
    fetchLiveSchema: liveSchemaFetcher,
    until: options.stop ?? new Promise(() => {}),
  });
  return { url, done, output: () => ({ stdout, stderr }) };
}

async function usage(argv: string[]): Promise<{ code: number; stderr: string }> {
  const run = start(argv);
  const code = await run.done;
  return { code, stderr: run.output().stderr };
}

describe("usage", () => {
  it.each([
    [[], "preview: give exactly one of --application-id <uuid> and --schema-file <path> (see --help)"],
    [["--schema-file", "a.json", "--application-id", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"], "preview: give exactly one of --application-id <uuid> and --schema-file <path> (see --help)"],
    [["--schema-file", join(fixtures, "trust.json"), "--port", "70000"], 'preview: --port: expected an integer from 0 to 65535, got "70000"'],
    [["--schema-file", join(fixtures, "trust.json"), "--port"], "preview: --port needs a value"],
    [["--schema-file", join(fixtures, "trust.json"), "--host", "0.0.0.0"], "preview: unknown argument --host (see --help)"],
    [["--schema-file", join(fixtures, "trust.json"), "--data", "list.json"], "preview: --data list.json must hold a JSON object keyed by section name"],
    [["--schema-file", join(fixtures, "trust.json"), "--data", "broken.json"], /^preview: --data broken\.json is not JSON: .+$/],
    [["--schema-file", join(fixtures, "trust.json"), "--context", "list.json"], "preview: --context list.json must hold a JSON object of values by dot path or field name"],
    [["--schema-file", "missing.json"], /^preview: cannot read --schema-file missing\.json: ENOENT.*$/],
    [["--schema-file", "list.json"], "preview: the schema is not an application schema: expected a JSON Schema object whose `properties` are the sections"],
    [["--application-id", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"], "preview: set CIRCLE_API_KEY to fetch the live schema (or use --schema-file)"],
  ])("%j: one line, exit 2", async (argv, message) => {
    const { code, stderr } = await usage(argv as string[]);
    expect(code).toBe(2);
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    if (typeof message === "string") expect(stderr.trim()).toBe(message);
    else expect(stderr.trim()).toMatch(message);
  });

  it("--help prints the options and exits 0; main lists the command", async () => {
    const run = start(["--help"]);
    expect(await run.done).toBe(0);
    expect(run.output().stdout).toMatch(/^Usage: circle-onboarding preview/);
    expect(run.output().stdout).toContain("--data <path>");
    const { main, usage: mainUsage } = await import("../../src/cli/main.js");
    expect(mainUsage).toContain("preview ");
    let err = "";
    expect(await main(["preview", "--port", "x"], { stdout: () => {}, stderr: (t) => void (err += t), env: {}, cwd })).toBe(2);
    expect(err).toMatch(/^preview: /);
  });
});

describe("the server", () => {
  let url: string;
  let stop!: () => void;
  let run: ReturnType<typeof start>;

  beforeAll(async () => {
    run = start(["--schema-file", join(fixtures, "circle-forms.json"), "--data", "answers.json"], { stop: new Promise<void>((resolve) => (stop = resolve)) });
    url = await run.url;
  });

  it("listens on 127.0.0.1 and prints its URL", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(run.output().stderr).toContain(`preview: serving Fintech onboarding at ${url} (127.0.0.1 only); Ctrl-C to stop`);
  });

  it("serves the page, its script modules and the precompiled validator, with a CSP that allows scripts from itself only", async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).not.toMatch(/unsafe-(inline|eval)/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/esm/src/preview-page/page.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const validate = await (await fetch(new URL("validate.js", url))).text();
    expect(validate.match(/^import .+ from "([^"]+)";$/gm)).toEqual([expect.stringContaining('from "/esm/src/precompiled/index.js"')]);
    expect(validate).not.toMatch(/new Function|\beval\(/);
    for (const path of ["esm/src/preview-page/page.js", "esm/src/precompiled/index.js", "page.css"]) expect((await fetch(new URL(path, url))).status).toBe(200);
    const config = await (await fetch(new URL("preview.json", url))).json();
    expect(config).toMatchObject({ title: "Fintech onboarding", data: { basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "trust" } } });
  });

  it("serves nothing else: other paths, other methods, other hosts", async () => {
    expect((await fetch(new URL("esm/src/cli/preview.js", url))).status).toBe(404);
    expect((await fetch(new URL("esm/node_modules/ajv/package.json", url))).status).toBe(404);
    expect((await fetch(`${url}esm/src/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(405);
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) is refused.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(url, { headers: { host: "attacker.test" } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on("error", reject);
    });
    expect(status).toBe(403);
  });

  it("stops when told, and exits 0", async () => {
    stop();
    expect(await run.done).toBe(0);
    expect(run.output().stderr).toMatch(/preview: stopped\n$/);
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe("sources", () => {
  it("--application-id: the live schema through the client (the Prism mock), and the bulk read's answer as --data", async () => {
    let stop!: () => void;
    const run = start(["--application-id", "550e8400-e29b-41d4-a716-446655440000", "--base-url", inject("prismUrl"), "--data", "bulk.json"], {
      env: { CIRCLE_API_KEY: "sk_test" },
      stop: new Promise<void>((resolve) => (stop = resolve)),
    });
    const url = await run.url;
    const config = await (await fetch(new URL("preview.json", url))).json();
    expect(config).toMatchObject({ source: `application 550e8400-e29b-41d4-a716-446655440000 (${inject("prismUrl")})`, data: { basicBusinessInfo: { legalName: "Bulk" } } });
    expect(run.output().stderr).toContain("preview: fetching the schema of application 550e8400-e29b-41d4-a716-446655440000");
    stop();
    expect(await run.done).toBe(0);
  });

  it("a port already in use is one line", async () => {
    let stop!: () => void;
    const first = start(["--schema-file", join(fixtures, "trust.json")], { stop: new Promise<void>((resolve) => (stop = resolve)) });
    const port = new URL(await first.url).port;
    expect(await usage(["--schema-file", join(fixtures, "trust.json"), "--port", port])).toEqual({ code: 2, stderr: `preview: port ${port} on 127.0.0.1 is in use: choose another with --port\n` });
    stop();
    await first.done;
  });
});

describe("the process", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("stops cleanly on %s", async (signal) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href, join(root, "src/cli/main.ts"), "preview", "--schema-file", join(fixtures, "trust.json")], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.on("exit", () => reject(new Error(`preview exited before printing its URL: ${stderr}`)));
    });
    expect((await fetch(url)).status).toBe(200);
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/preview: stopped\n$/);
  }, 30_000);
});
