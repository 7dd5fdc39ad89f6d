// `npm start` as a user runs it: the lifecycle on the embedded mock exits 0 with every step
// printed; a failure is one line and a non-zero exit, and the process ends (Prism stopped).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");

// Node's own warnings (such as NO_COLOR ignored beside FORCE_COLOR, which a CI may set) are not the script's output.
const ours = (stderr: string) => stderr.replace(/^\(node:\d+\) .*\n(\(Use `node --trace-warnings.*\n)?/gm, "");

async function start(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [tsx, "scripts/start.ts", ...args], { cwd: root, env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr: ours(stderr) }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: ours(error.stderr) }),
  );
}

describe("npm start", () => {
  it("runs the whole lifecycle on the embedded mock and exits 0", async () => {
    const { code, stdout } = await start([]);
    expect(code).toBe(0);
    const steps = stdout.split("\n").filter((l) => /^\s?\d+\. /.test(l)).map((l) => l.slice(4, 36).trim());
    expect(steps).toEqual([
      "Create a client",
      "Read the application schema",
      "Generate its section types",
      "List the sections",
      "Save a section",
      "Save several sections at once",
      "Upload a document",
      "List the certifications",
      "Submit",
      "Read the application status",
      "List applications across pages",
    ]);
    expect(stdout).toMatch(/Starting Prism: ready in [\d.]+ s/);
    expect(stdout).toMatch(/refused before sending: 422 Unprocessable: basicBusinessInfo\.legalName required/);
    expect(stdout).toMatch(/\n +1 of 3 sections required by the data, all saved\n/);
    expect(stdout).toMatch(/ 9\. Submit +SUBMITTED/);
    expect(stdout).toMatch(/2 applications over 2 pages/);
    expect(stdout).toMatch(/\nDone: 12 calls, 11 HTTP requests \(0 retries\), [\d.]+ s\.\nPrism stopped\.\n$/);
  }, 60_000);

  it("prints one clear line and exits 1 when a step fails, and still stops Prism", async () => {
    const dir = await mkdtemp(join(tmpdir(), "start-"));
    try {
      // A document whose schema example names no sections: step 2 must fail.
      const document = parse(await readFile(join(root, "openapi/partner-onboarding.yaml"), "utf8"));
      const schemaExamples = document.paths["/v1/onboarding/partner/applications/{applicationId}/schema"].get.responses["200"].content["application/json"].examples;
      schemaExamples.trust.value = { type: "object" };
      await writeFile(join(dir, "broken.yaml"), stringify(document));
      const { code, stdout, stderr } = await start(["--document", join(dir, "broken.yaml")]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe("✘ step 2 (Read the application schema) failed: the schema names no sections");
      expect(stdout).toMatch(/Prism stopped\.\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    [["--environment", "production"], "npm start: the lifecycle creates records; run it on the sandbox, not production\nRun `npm start -- --help` for the usage.\n"],
    [["--environment", "staging"], 'npm start: --environment: expected "sandbox", got "staging"\nRun `npm start -- --help` for the usage.\n'],
    [["--verbose"], 'npm start: unknown argument "--verbose"\nRun `npm start -- --help` for the usage.\n'],
    [["--document", "no-such.yaml"], 'npm start: --document: expected the path of an OpenAPI document, got "no-such.yaml", which does not exist\nRun `npm start -- --help` for the usage.\n'],
    [["--environment", "sandbox"], "npm start: --environment sandbox needs the sandbox API key in CIRCLE_API_KEY\n"],
  ])("refuses %j with exit 2 before starting anything: the problem, and where the usage is", async (args, message) => {
    const { code, stdout, stderr } = await start(args, { CIRCLE_API_KEY: "" });
    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(stdout).toBe("");
  });
});
