// `circle-onboarding mock`: one line and exit 2 for a bad flag; started as a real process, it prints
// its URL, serves the client, and stops on SIGTERM with exit 0 (Prism stopped, nothing left behind).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runMock } from "../../src/cli/mock.js";
import { createOnboardingClient } from "../../src/index.js";
import { runCommand } from "../support/command-run.js";
import { applicationId } from "../support/ids.js";
import { heldPort } from "../support/ports.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

const run = (argv: string[]) => runCommand(runMock, argv, { cwd: root, untilStopped: async () => "TEST" });

describe("circle-onboarding mock", () => {
  it.each([
    [["--port", "http"], '--port: expected an integer from 0 to 65535, got "http"'],
    [["--port", "70000"], '--port: expected an integer from 0 to 65535, got "70000"'],
    [["--port"], "--port needs a value"],
    [["--verbose"], 'unknown argument "--verbose"'],
  ])("refuses %j in one line with exit 2", async (argv, problem) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`circle-onboarding mock: ${problem}; run \`circle-onboarding mock --help\` for the usage\n`);
  });

  it("refuses a document that does not exist, in one line, with exit 2", async () => {
    const { code, stderr } = await run(["--document", "missing.yaml"]);
    expect(code).toBe(2);
    expect(stderr).toBe(`circle-onboarding mock: document: expected the path of an OpenAPI document, got ${JSON.stringify(join(root, "missing.yaml"))}, which does not exist\n`);
  });

  it("refuses a port another process holds, in one line, with exit 2 (as preview does)", async () => {
    const { port, release } = await heldPort();
    try {
      const { code, stdout, stderr } = await run(["--port", String(port)]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`circle-onboarding mock: port ${port} on 127.0.0.1 is in use: choose another with --port\n`);
    } finally {
      await release();
    }
  });

  it("prints its usage with --help, and is listed in the command's", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: circle-onboarding mock \[--port <n>\] \[--document <path>\]/);
    const usage = (await runCommand(main, ["--help"], { env: {}, cwd: root })).stdout;
    expect(usage).toMatch(/\n {2}mock {10}serve a Prism mock/);
  });

  it("runs as a process: prints its URL, serves the client, and stops on SIGTERM with exit 0", async () => {
    const child = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", "mock", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
        const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`exited before printing its URL: ${stderr}`)));
    });
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: url });
    await expect(circle.applications.get(applicationId)).resolves.toMatchObject({ applicationId });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/^circle-onboarding mock: serving openapi\/partner-onboarding\.yaml with Prism; Ctrl-C stops it\n/);
    expect(stderr).toMatch(/circle-onboarding mock: SIGTERM: stopped\n$/);
  }, 30_000);
});
