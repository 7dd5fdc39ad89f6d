// The published package: packed as npm packs it, linted by publint and attw, installed into a
// monorepo-shaped consumer, type-checked under `bundler` and `node16` resolution, imported as
// ESM and CommonJS, its bin run, its testing entry run without and with Prism, its ESM build run
// where no Node built-in exists, and its precompiled validator run where code generation is refused.
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as vm from "node:vm";
import { build, type Plugin } from "esbuild";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tsc = join(root, "node_modules/typescript/bin/tsc");
const applicationId = "550e8400-e29b-41d4-a716-446655440000";

let work: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: { path: string }[] };
let app: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "circle-package-"));
  // `npm pack` runs `prepack`, which builds dist/ as a release would.
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", work], { cwd: root, maxBuffer: 16 * 2 ** 20 });
  // The build's log comes first on stdout, with colour codes when FORCE_COLOR is set; npm's JSON
  // report is the array that opens a line.
  const report = /^\[\s*\{/m.exec(stdout);
  if (!report) throw new Error(`npm pack printed no JSON report:\n${stdout}`);
  const [info] = JSON.parse(stdout.slice(report.index)) as [{ filename: string; size: number; unpackedSize: number; files: { path: string }[] }];
  tarball = join(work, info.filename);
  packed = info;

  // A monorepo consumer: a workspace root and one app package depending on the tarball.
  app = join(work, "repo/packages/app");
  await mkdir(join(app, "src"), { recursive: true });
  await writeFile(join(work, "repo/package.json"), JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*"] }));
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module", dependencies: { "circle-onboarding": `file:${tarball}` } }));
  await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: join(work, "repo"), maxBuffer: 16 * 2 ** 20 });
}, 240_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds only what users need", () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining(["package.json", "README.md", "LICENSE", "CHANGELOG.md", "openapi/partner-onboarding.yaml", "dist/esm/src/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/cli.js", "dist/esm/src/onboard/index.js", "dist/onboard.cjs", "dist/onboard.d.ts", "onboard/package.json"]),
    );
    for (const path of paths) {
      // precompiled/package.json and onboard/package.json point resolvers that ignore `exports` (node10) at the subpaths' builds.
      expect(path).toMatch(/^(package\.json|(precompiled|onboard)\/package\.json|README\.md|LICENSE|CHANGELOG\.md|openapi\/partner-onboarding\.yaml|dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts)|dist\/esm\/(src|generated)\/[\w/.-]+\.js)$/);
      // The generator and the CLI reach users only through the bin's own bundle.
      expect(path).not.toMatch(/^dist\/esm\/src\/(codegen|cli)\//);
    }
    console.log(`packed: ${(packed.size / 1024).toFixed(1)} kB, unpacked ${(packed.unpackedSize / 1024).toFixed(1)} kB, ${paths.length} files`);
  });

  it("passes publint with no warning or error", async () => {
    // The installed copy is exactly what was published, so nothing needs packing again.
    const { messages } = await publint({ pkgDir: join(work, "repo/node_modules/circle-onboarding"), pack: false, strict: true });
    expect(messages.filter((m) => m.type !== "suggestion")).toEqual([]);
  });

  it("passes Are the Types Wrong (node10, node16 CJS and ESM, bundler; circle-onboarding/testing as ESM only)", async () => {
    const cli = join(root, "node_modules/@arethetypeswrong/cli/dist/index.js");
    const problems = async (...args: string[]) => {
      const result = await run(process.execPath, [cli, tarball, "--format", "json", ...args]).catch((e: { stdout: string }) => e);
      return (JSON.parse(result.stdout) as { analysis: { problems: { resolutionKind?: string }[] } }).analysis.problems;
    };
    // The bin is not an entry point for types; the package root is, in every resolution mode.
    expect(await problems("--exclude-entrypoints", "./testing")).toEqual([]);
    // The testing entry is ESM only, like the test runners that load it: node10 and require() are
    // out of scope (attw's esm-only profile; its JSON lists every problem, so they are set aside here).
    const esmOnly = (await problems("--entrypoints", "./testing")).filter((p) => p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs");
    expect(esmOnly).toEqual([]);
  });
});

describe("a monorepo consumer", () => {
  const consumer = `import { createOnboardingClient, ValidationError, type Application, type FieldError } from "circle-onboarding";
import { startMock, type RunningMock } from "circle-onboarding/testing";
const circle = createOnboardingClient({ token: "sk_test", environment: "sandbox" });
export async function status(id: string): Promise<Application["status"]> {
  try {
    return (await circle.applications.get(id)).status;
  } catch (error) {
    if (error instanceof ValidationError) {
      const first: FieldError | undefined = error.fieldErrors[0];
      throw new Error(first?.path);
    }
    throw error;
  }
}
// @ts-expect-error not a path of the API
void circle.raw.GET("/v1/unknown");
import { onboard, type OnboardRecord } from "circle-onboarding/onboard";
const record: OnboardRecord = {
  ref: "c-1",
  client: { clientName: "Acme", country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } },
  data: { basicBusinessInfo: { legalName: "Acme" } },
  submit: { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" },
};
// @ts-expect-error concurrency is a number or "auto"
void onboard({ input: [record], concurrency: "max" });
export async function withMock(): Promise<string> {
  const mock: RunningMock = await startMock({ port: 0 });
  await mock.stop();
  return mock.url;
}
`;
  it.each([
    ["bundler", { module: "ESNext", moduleResolution: "bundler" }],
    ["node16", { module: "node16", moduleResolution: "node16" }],
  ])("type-checks with moduleResolution %s", async (_, resolution) => {
    await writeFile(join(app, "src/consumer.ts"), consumer);
    const config = join(app, `tsconfig.${resolution.moduleResolution}.json`);
    await writeFile(config, JSON.stringify({ compilerOptions: { ...resolution, target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2023", "DOM"] }, files: ["src/consumer.ts"] }));
    await expect(run(process.execPath, [tsc, "-p", config], { cwd: app })).resolves.toBeDefined();
  });

  it.each([
    ["ESM", "import('circle-onboarding').then(async (m) => m.createOnboardingClient({ token: 'sk_test', baseUrl: process.argv[1] }).applications.get(process.argv[2]))"],
    ["CommonJS", "Promise.resolve(require('circle-onboarding')).then(async (m) => m.createOnboardingClient({ token: 'sk_test', baseUrl: process.argv[1] }).applications.get(process.argv[2]))"],
  ])("imports the %s build and calls the API with it", async (_, program) => {
    const script = `${program}.then((a) => console.log(JSON.stringify(a)), (e) => { console.error(String(e)); process.exit(1); })`;
    const { stdout } = await run(process.execPath, ["-e", script, inject("prismUrl"), applicationId], { cwd: app });
    expect(JSON.parse(stdout)).toMatchObject({ applicationId, status: "DRAFT" });
  });

  it.each([
    ["ESM", "import('circle-onboarding/onboard')"],
    ["CommonJS", "Promise.resolve(require('circle-onboarding/onboard'))"],
  ])("imports circle-onboarding/onboard as %s and checks an input with it", async (_, program) => {
    const script = `${program}.then((m) => m.onboard({ input: [{ ref: 'c-1' }], dryRun: true, report: false })).then((r) => console.log(JSON.stringify(r.problems[0])), (e) => { console.error(String(e)); process.exit(1); })`;
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: app });
    expect(JSON.parse(stdout)).toMatchObject({ line: 1, ref: "c-1", field: "client" });
  });

  it("runs the bin's --help", async () => {
    const { stdout } = await run(join(work, "repo/node_modules/.bin/circle-onboarding"), ["--help"], { cwd: app });
    expect(stdout).toMatch(/^Usage: circle-onboarding <command> \[options\]/);
    expect(stdout).toContain("sync-schema");
    const sync = await run(join(work, "repo/node_modules/.bin/circle-onboarding"), ["sync-schema", "--help"], { cwd: app });
    expect(sync.stdout).toMatch(/--application-id <uuid>/);
    const onboard = await run(join(work, "repo/node_modules/.bin/circle-onboarding"), ["onboard", "--help"], { cwd: app });
    expect(onboard.stdout).toMatch(/--database-url <url>/);
  });
});

describe("the preview command from the installed package", () => {
  it("serves its page from the package's own ES modules: every import resolves on the server, none names a package", async () => {
    const child = spawn(join(work, "repo/node_modules/.bin/circle-onboarding"), ["preview", "--schema-file", join(root, "test/fixtures/schemas/trust.json")], { cwd: app });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once("exit", (code) => reject(new Error(`preview exited with ${code}`)));
      });
      expect((await fetch(url)).headers.get("content-security-policy")).toContain("script-src 'self'");
      const seen = new Set<string>();
      const crawl = async (module: string): Promise<void> => {
        if (seen.has(module)) return;
        seen.add(module);
        const response = await fetch(module);
        expect(response.status, module).toBe(200);
        const code = await response.text();
        for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)) {
          expect(specifier, `${module} imports ${specifier}`).toMatch(/^(\.{1,2})?\//);
          await crawl(new URL(specifier!, module).href);
        }
      };
      await crawl(new URL("esm/src/preview-page/page.js", url).href);
      await crawl(new URL("validate.js", url).href);
      expect(seen.size).toBeGreaterThan(10);
    } finally {
      child.kill("SIGINT");
    }
  });
});

describe("circle-onboarding/testing", () => {
  const bin = () => join(work, "repo/node_modules/.bin/circle-onboarding");
  const startMockThenGet = `import("circle-onboarding/testing").then(async ({ startMock }) => {
    const mock = await startMock();
    const { createOnboardingClient } = await import("circle-onboarding");
    const application = await createOnboardingClient({ token: "sk_test", baseUrl: mock.url }).applications.get(process.argv[1]);
    await mock.stop();
    console.log(JSON.stringify(application));
  }).catch((e) => { console.error(e.name + ": " + e.message); process.exit(1); })`;

  it("without Prism (an optional peer), startMock and the mock command say in one line what to install", async () => {
    const install = "npm install --save-dev @stoplight/prism-http@5.12.0 @stoplight/prism-http-server@5.12.2 @stoplight/prism-core@5.8.0";
    const imported = await run(process.execPath, ["-e", startMockThenGet, applicationId], { cwd: app }).catch((e: { code: number; stderr: string }) => e);
    expect(imported).toMatchObject({ code: 1 });
    expect((imported as { stderr: string }).stderr).toBe(`MockUnavailableError: the mock needs Prism, which is not installed (@stoplight/prism-http, @stoplight/prism-http-server, @stoplight/prism-core missing): ${install}\n`);
    const command = await run(bin(), ["mock"], { cwd: app }).catch((e: { code: number; stderr: string }) => e);
    expect(command).toMatchObject({ code: 2 });
    expect((command as { stderr: string }).stderr).toMatch(new RegExp(`^circle-onboarding mock: the mock needs Prism, .*: ${install.replace(/[.@/]/g, "\\$&")}\n$`));
  });

  describe("with Prism installed", () => {
    beforeAll(async () => {
      // This project's own Prism, linked in: Node follows the links, so Prism's dependencies resolve too.
      await mkdir(join(work, "repo/node_modules/@stoplight"), { recursive: true });
      for (const name of ["prism-http", "prism-http-server", "prism-core"]) {
        await symlink(join(root, "node_modules/@stoplight", name), join(work, "repo/node_modules/@stoplight", name), "dir");
      }
    });

    it("startMock serves the document shipped in the package, and the client reads it", async () => {
      const { stdout } = await run(process.execPath, ["-e", startMockThenGet, applicationId], { cwd: app });
      expect(JSON.parse(stdout)).toMatchObject({ applicationId, status: "DRAFT" });
    });

    it("the mock command prints its URL, serves, and stops on SIGTERM", async () => {
      const child = spawn(bin(), ["mock"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk;
          if (out.endsWith("\n")) resolve(out.trim());
        });
        void exited.then(() => reject(new Error("the mock exited before printing its URL")));
      });
      const response = await fetch(`${url}/v1/onboarding/partner/applications/${applicationId}`, { headers: { Authorization: "Bearer sk_test" } });
      expect(await response.json()).toMatchObject({ applicationId });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    });
  });
});

describe("browsers and edge runtimes", () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const noBuiltins: Plugin = {
    name: "no-node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) =>
        builtins.has(args.path) || args.path.startsWith("node:") ? { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}` }] } : undefined,
      );
    },
  };

  it("bundles the ESM build, dependencies included, without any Node built-in, and runs it with only web globals", async () => {
    const result = await build({
      // Resolved as the consumer resolves it: the package's `exports`, from the app's folder.
      stdin: { contents: 'export * from "circle-onboarding";', resolveDir: app, loader: "js" },
      bundle: true,
      write: false,
      format: "iife",
      globalName: "circleOnboarding",
      platform: "neutral",
      mainFields: ["module", "main"],
      plugins: [noBuiltins],
    });
    // A context with the web platform's globals and none of Node's (no process, require, Buffer).
    const web = {
      fetch, Request, Response, Headers, FormData, Blob, File, URL, URLSearchParams, AbortController, AbortSignal, DOMException,
      ReadableStream, TextEncoder, TextDecoder, crypto, atob, btoa, setTimeout, clearTimeout, queueMicrotask, console, structuredClone, performance,
    };
    const context = vm.createContext({ ...web });
    vm.runInContext(result.outputFiles[0]!.text, context);
    const exports = context.circleOnboarding as typeof import("../../src/index.js");
    expect(vm.runInContext("typeof process + typeof require + typeof Buffer", context)).toBe("undefinedundefinedundefined");
    const circle = exports.createOnboardingClient({ token: "sk_test", baseUrl: inject("prismUrl"), rateLimiter: exports.createRateLimiter() });
    await expect(circle.applications.get(applicationId)).resolves.toMatchObject({ applicationId });
    const validator = exports.createSchemaValidator({ type: "object", properties: { s: { type: "object", required: ["a"] } } });
    expect(validator.validateSection("s", {})).toEqual([expect.objectContaining({ path: "s.a", code: "required" })]);
  });
  // What runs where code generation from strings is refused (workerd, `script-src 'self'`): the
  // client and a precompiled validator, bundled from the installed package as an app would.
  it("runs the client and a precompiled validate.js with code generation from strings disallowed, and neither build calls it", async () => {
    await run(join(work, "repo/node_modules/.bin/circle-onboarding"), ["sync-schema", "--schema-file", join(root, "test/fixtures/schemas/trust.json"), "--out", "src/sections"], { cwd: app });
    const result = await build({
      stdin: {
        contents: 'export { createOnboardingClient, ValidationError } from "circle-onboarding"; export { validator } from "./src/sections/validate.js";',
        resolveDir: app,
        loader: "js",
      },
      bundle: true,
      write: false,
      format: "iife",
      globalName: "edge",
      platform: "neutral",
      mainFields: ["module", "main"],
      plugins: [noBuiltins],
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bnew Function\b|\bFunction\(|\beval\(/);
    expect(code, "Ajv's compiler is not in the bundle").not.toMatch(/class Ajv\b|\bcompileSchema\b/);
    const context = vm.createContext({ fetch, Request, Response, Headers, URL, URLSearchParams, AbortController, AbortSignal, crypto, setTimeout, clearTimeout, console }, { codeGeneration: { strings: false, wasm: false } });
    expect(() => vm.runInContext("new Function('return 1')", context)).toThrow(/Code generation from strings disallowed/);
    vm.runInContext(code, context);
    const edge = context.edge as typeof import("../../src/index.js") & { validator: import("../../src/precompiled/index.js").SchemaValidator };
    const circle = edge.createOnboardingClient({ token: "sk_test", baseUrl: inject("prismUrl"), validator: edge.validator });
    await expect(circle.sections.save(applicationId, "basicBusinessInfo", { natureOfBusiness: "trust" })).rejects.toMatchObject({
      preflight: true,
      fieldErrors: [{ path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" }],
    });
    expect(edge.validator.validateSection("trust_details", { trustDeedDate: "2020-02-30", trustType: "revocable" })).toEqual([
      { path: "trust_details.trustDeedDate", code: "format", message: "must be a valid date (YYYY-MM-DD)" },
    ]);
  });

  it("publishes circle-onboarding/precompiled as ES modules that import nothing by a bare name (an import map needs one entry)", async () => {
    const entry = join(work, "repo/node_modules/circle-onboarding/dist/esm/src/precompiled/index.js");
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = await readFile(file, "utf8");
      // (Ajv's helpers carry their own `require("…")` source as a string: not a call.)
      expect(code, file).not.toMatch(/(?<!['"])\brequire\(|\bnew Function\b|\beval\(/);
      for (const [, specifier] of code.matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']/g)) {
        if (specifier!.startsWith(".")) await visit(join(file, "..", specifier!));
        else bare.push(`${file}: ${specifier}`);
      }
    };
    await visit(entry);
    expect(bare).toEqual([]);
    expect(seen.size).toBeGreaterThan(3);
  });

  it("imports a precompiled validate.js natively in Node from the installed package, typed by its SectionPayloads", async () => {
    await run(join(work, "repo/node_modules/.bin/circle-onboarding"), ["sync-schema", "--schema-file", join(root, "test/fixtures/schemas/trust.json"), "--out", "src/sections"], { cwd: app });
    const script = 'import("./src/sections/validate.js").then(({ validator }) => console.log(JSON.stringify([validator.sectionNames, validator.validateSection("basicBusinessInfo", {})])))';
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: app });
    expect(JSON.parse(stdout)).toEqual([
      ["basicBusinessInfo", "beneficial_owners", "authorized_signers", "trust_details"],
      [expect.objectContaining({ path: "basicBusinessInfo.legalName" }), expect.objectContaining({ path: "basicBusinessInfo.natureOfBusiness" })],
    ]);
    await writeFile(
      join(app, "src/typed.ts"),
      `import { createOnboardingClient } from "circle-onboarding";
import { validator } from "./sections/validate.js";
const circle = createOnboardingClient({ token: "t", validator });
// @ts-expect-error no such section in this schema
void circle.sections.get("id", "basicBusinessInformation");
export const names: readonly ("basicBusinessInfo" | "beneficial_owners" | "authorized_signers" | "trust_details")[] = validator.sectionNames;
`,
    );
    for (const resolution of [{ module: "node16", moduleResolution: "node16" }, { module: "ESNext", moduleResolution: "bundler" }, { module: "CommonJS", moduleResolution: "node10" }]) {
      const config = join(app, `tsconfig.typed-${resolution.moduleResolution}.json`);
      await writeFile(config, JSON.stringify({ compilerOptions: { ...resolution, target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2023", "DOM"] }, files: ["src/typed.ts"] }));
      await expect(run(process.execPath, [tsc, "-p", config], { cwd: app }).catch((e: { stdout: string }) => Promise.reject(new Error(e.stdout)))).resolves.toBeDefined();
    }
  });
});
