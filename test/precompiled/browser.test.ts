// Headless Chromium (Debian's package) on pages served over loopback with a strict
// Content-Security-Policy: the application bundle (client, precompiled validate.js, webhook
// parser) runs under `script-src 'self'`, where eval is refused; and validate.js loads natively as
// an ES module with only an import map naming `circle-onboarding/precompiled`.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSchemaValidator } from "../../src/sections/index.js";
import { launchBrowser } from "../support/browser.js";
import { buildEdgeApp, type EdgeInput, type EdgeOutput } from "../support/edge-app.js";
import { signedApproval } from "../support/signed-notification.js";
import { fixtureSchema } from "../support/schemas.js";
import { edgeCases } from "./cases.js";

const applicationId = "550e8400-e29b-41d4-a716-446655440000";
let server: Server;
let origin: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const notification = signedApproval();

// Runs on the page: reads the input, runs the app, reports the result and any CSP violation.
const main = `import { run } from "/app.js";
const violations = [];
document.addEventListener("securitypolicyviolation", (event) => violations.push(event.blockedURI));
const input = await (await fetch("/input.json")).json();
const output = await run(input);
document.getElementById("result").textContent = JSON.stringify({ ...output, violations });
`;
const importMap = JSON.stringify({ imports: { "circle-onboarding/precompiled": "/precompiled.js" } });
// Native ES modules only: validate.js as sync-schema wrote it, its import resolved by the map.
const native = `import { validator } from "/validate.js";
const cases = await (await fetch("/input.json")).json();
document.getElementById("result").textContent = JSON.stringify(cases.payloads.map(([name, payload]) => validator.validateSection(name, payload)));
`;
const html = (head: string, script: string): string =>
  `<!doctype html><html><head><meta charset="utf-8">${head}<script type="module" src="${script}"></script></head><body><pre id="result"></pre></body></html>`;

beforeAll(async () => {
  const bundle = await buildEdgeApp();
  const prism = inject("prismUrl");
  const input: EdgeInput = { baseUrl: "", applicationId, payloads: edgeCases, notification: notification.body, certificatePem: notification.certificatePem, topicArn: notification.topicArn };
  const mapScript = `<script type="importmap">${importMap}</script>`;
  const mapHash = createHash("sha256").update(importMap).digest("base64");
  const files: Record<string, [string, string, string?]> = {
    "/": [html("", "/main.js"), "text/html", "script-src 'self'"],
    "/native.html": [html(mapScript, "/native.js"), "text/html", `script-src 'self' 'sha256-${mapHash}'`],
    "/main.js": [main, "text/javascript"],
    "/native.js": [native, "text/javascript"],
    "/app.js": [bundle.code, "text/javascript"],
    "/validate.js": [bundle.validateJs, "text/javascript"],
    "/precompiled.js": [bundle.precompiledEntry, "text/javascript"],
  };
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    // The API is proxied to the Prism mock, so that the page calls its own origin.
    if (path.startsWith("/api/")) return void proxy(request, response, prism + request.url!.slice(4));
    if (path === "/input.json") {
      response.writeHead(200, { "content-type": "application/json" });
      return void response.end(JSON.stringify({ ...input, baseUrl: `${origin}/api` }));
    }
    const file = files[path];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": file[1], ...(file[2] ? { "content-security-policy": file[2] } : {}) });
    response.end(file[0]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** Forwards a request to the Prism mock and its answer back. */
async function proxy(request: IncomingMessage, response: ServerResponse, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string" && name !== "host") headers.set(name, value);
  const answer = await fetch(target, { method: request.method!, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
  response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/** Opens a page and reads the JSON its script writes into #result. */
async function resultOf(path: string): Promise<unknown> {
  const page = await browser.context.newPage();
  try {
    await page.goto(origin + path);
    await page.waitForFunction(() => document.getElementById("result")?.textContent !== "", undefined, { timeout: 30_000 });
    return JSON.parse((await page.textContent("#result"))!);
  } finally {
    await page.close();
  }
}

describe("in headless Chromium", () => {
  it("runs the client, the precompiled validator and the webhook parser under Content-Security-Policy: script-src 'self'", async () => {
    const output = (await resultOf("/")) as EdgeOutput & { violations: string[] };
    expect(output.codeGeneration).toMatch(/EvalError/);
    // The probe's own `new Function` is the only script the policy refused.
    expect(output.violations).toEqual(["eval"]);
    const runtime = createSchemaValidator(fixtureSchema("trust"));
    expect(output.errors).toEqual(edgeCases.map(([name, payload]) => runtime.validateSection(name, payload)));
    expect(output.issues).toEqual(edgeCases.map(([name, payload]) => runtime.section(name)["~standard"].validate(payload)));
    expect(output.preflight).toEqual({ preflight: true, fieldErrors: [{ path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" }] });
    expect(output.saved).toEqual(expect.objectContaining({ sectionsChanged: expect.any(Boolean) }));
    expect(output.notification).toEqual(notification.event);
  });

  it("loads validate.js natively with only an import map for circle-onboarding/precompiled", async () => {
    const runtime = createSchemaValidator(fixtureSchema("trust"));
    expect(await resultOf("/native.html")).toEqual(edgeCases.map(([name, payload]) => runtime.validateSection(name, payload)));
  });
});
