// The contract report, through Prism in proxy mode to an upstream that answers off-contract on purpose.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ContractRecorder } from "../../scripts/lib/contract-report.js";
import { type RunningPrism, shippedDocument, startPrism } from "../../src/testing/prism.js";
import { createOnboardingClient, InvalidResponseError, ServerError } from "../../src/index.js";
import { type FaultServer, json, startFaultServer } from "../support/fault-server.js";
import { applicationId } from "../support/ids.js";

let upstream: FaultServer;
let proxy: RunningPrism;
let recorder: ContractRecorder;
let circle: ReturnType<typeof createOnboardingClient>;
const app = { applicationId, status: "DRAFT", sections: [{ sectionName: "basicBusinessInfo", status: "complete" }], pendingRfis: [] };

beforeAll(async () => {
  upstream = await startFaultServer();
  proxy = await startPrism({ mode: "proxy", upstream: upstream.url });
  recorder = new ContractRecorder(parse(await readFile(shippedDocument(), "utf8")));
  circle = createOnboardingClient({ token: "sk_test_contract", baseUrl: proxy.url, fetch: recorder.wrap((r, i) => fetch(r, i)), maxRetries: 0, logLevel: "off" });
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe("departures", () => {
  it("passes an on-contract answer without a finding", async () => {
    upstream.script(json(200, app));
    await circle.applications.get(applicationId);
    expect(recorder.findings).toEqual([]);
  });

  it("reports an undeclared status", async () => {
    upstream.script(json(502, { code: 502, message: "bad gateway" }));
    await expect(circle.applications.get(applicationId)).rejects.toBeInstanceOf(ServerError);
    expect(recorder.findings.at(-1)).toMatchObject({ operation: "getApplication", status: 502, kind: "undeclared status", where: "response" });
  });

  it("reports a missing field, a wrong type and a wrong value", async () => {
    const before = recorder.findings.length;
    upstream.script(json(200, { applicationId: "not-a-uuid", status: "DRAFT", sections: "none" }));
    await expect(circle.applications.get(applicationId)).rejects.toBeInstanceOf(InvalidResponseError);
    const found = recorder.findings.slice(before).map((f) => [f.kind, f.where]);
    expect(found).toEqual(expect.arrayContaining([["missing field", "body"], ["wrong type", "sections"], ["wrong value", "applicationId"]]));
  });

  it("passes a status the document does not know yet (the enum is open) and reports it as a new value", async () => {
    const before = recorder.findings.length;
    upstream.script(json(200, { ...app, status: "ON_HOLD", sections: [{ sectionName: "basicBusinessInfo", status: "locked" }] }));
    expect((await circle.applications.get(applicationId)).status).toBe("ON_HOLD");
    expect(recorder.findings.slice(before).map((f) => `${f.kind} ${f.where}`)).toEqual(["new value status", "new value sections.0.status"]);
  });

  it("reports a field the document does not declare, however deep", async () => {
    const before = recorder.findings.length;
    upstream.script(json(200, { ...app, riskScore: 12, sections: [{ sectionName: "basicBusinessInfo", status: "complete", reviewer: "x" }] }));
    await circle.applications.get(applicationId);
    expect(recorder.findings.slice(before).map((f) => `${f.kind} ${f.where}`).sort()).toEqual([
      "undeclared field riskScore",
      "undeclared field sections.0.reviewer",
    ]);
  });

  it("reports the data envelope Circle's guides show, around an object or an array", async () => {
    const before = recorder.findings.length;
    upstream.script(json(200, { data: { applicationId, status: "SUBMITTED" } }));
    const result = await circle.applications.submit(applicationId, { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" });
    expect(result.status).toBe("SUBMITTED");
    expect(recorder.findings.slice(before).map((f) => f.kind)).toContain("data envelope");
    const certifications = [{ id: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", content: "<p>I certify.</p>" }];
    upstream.script(json(200, { data: certifications }));
    expect(await circle.applications.certifications(applicationId)).toEqual(certifications);
    expect(recorder.findings.filter((f) => f.operation === "listCertifications").map((f) => f.kind)).toContain("data envelope");
  });

  it("renders the findings grouped by operation", () => {
    const report = recorder.render();
    expect(report).toMatch(/^Contract report: \d+ departures from openapi\/partner-onboarding\.yaml in 7 exchanges/);
    expect(report).toMatch(/\n  getApplication\n    502 undeclared status at response: /);
    expect(report).toMatch(/\n  submitApplication\n    200 data envelope at body: /);
  });
});
