// The real Cloudflare Workers runtime (workerd, through miniflare): a worker bundling the client,
// a precompiled validate.js and the webhook parser validates payloads, refuses an invalid save
// before sending, saves a valid one (to the Prism mock, over loopback) and verifies a signed
// notification with WebCrypto, where code generation from strings is disallowed.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSchemaValidator } from "../../src/sections/index.js";
import { buildEdgeApp, type EdgeInput, type EdgeOutput } from "../support/edge-app.js";
import { signedApproval } from "../support/signed-notification.js";
import { fixtureSchema } from "../support/schemas.js";
import { edgeCases } from "./cases.js";

let mf: Miniflare;
let bundle: Awaited<ReturnType<typeof buildEdgeApp>>;

beforeAll(async () => {
  bundle = await buildEdgeApp();
  mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: 'import { run } from "./app.mjs";\nexport default { async fetch(request) { return Response.json(await run(await request.json())); } };\n' },
      { type: "ESModule", path: "app.mjs", contents: bundle.code },
    ],
    compatibilityDate: "2025-01-01",
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe("in workerd", () => {
  it("validates, refuses before sending, saves and verifies a notification with the precompiled validator", async () => {
    const notification = signedApproval();
    const input: EdgeInput = {
      baseUrl: inject("prismUrl"),
      applicationId: "550e8400-e29b-41d4-a716-446655440000",
      payloads: edgeCases,
      notification: notification.body,
      certificatePem: notification.certificatePem,
      topicArn: notification.topicArn,
    };
    const response = await mf.dispatchFetch("http://worker.invalid/", { method: "POST", body: JSON.stringify(input) });
    const output = (await response.json()) as EdgeOutput;
    expect(output.codeGeneration).toMatch(/Code generation from strings disallowed/);
    const runtime = createSchemaValidator(fixtureSchema("trust"));
    expect(output.errors).toEqual(edgeCases.map(([name, payload]) => runtime.validateSection(name, payload)));
    expect(output.issues).toEqual(edgeCases.map(([name, payload]) => runtime.section(name)["~standard"].validate(payload)));
    expect(output.requiredSections).toEqual(["basicBusinessInfo", "authorized_signers", "trust_details"]);
    expect(output.preflight).toEqual({ preflight: true, fieldErrors: [{ path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" }] });
    expect(output.saved).toEqual(expect.objectContaining({ sectionsChanged: expect.any(Boolean) }));
    expect(output.notification).toEqual(notification.event);
  });

  it("bundles no code generator: neither new Function nor eval, nor Ajv's compiler", () => {
    expect(bundle.code).not.toMatch(/\bnew Function\b|\beval\(/);
    expect(bundle.code).not.toMatch(/\bcompileSchema\b|class Ajv\b/);
  });
});
