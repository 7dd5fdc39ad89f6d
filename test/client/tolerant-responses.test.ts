// The client reads Circle's answers tolerantly where Circle's documents disagree or are silent:
// both envelopes where the reference and the how-tos differ, values Circle may add to
// response-only enums, and fields no page shows left out.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOnboardingClient, type OnboardingClient } from "../../src/index.js";
import { type FaultServer, json, startFaultServer } from "../support/fault-server.js";
import { applicationId, consent, numberedId as id, rfiId } from "../support/ids.js";
import { recordingLogger } from "../support/logger.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());


// The three answers Circle's reference shows bare and its how-tos wrap in {"data": ...}.
const disputed: [string, unknown, (circle: OnboardingClient) => Promise<unknown>][] = [
  ["submitApplication", { applicationId, status: "SUBMITTED" }, (c) => c.applications.submit(applicationId, consent)],
  ["listCertifications", [{ id: id(9), content: "<p>I certify.</p>" }], (c) => c.applications.certifications(applicationId)],
  [
    "listRFIBundles",
    {
      bundles: [
        {
          bundleId: id(4),
          createdAt: "2026-03-26T10:00:00Z",
          status: "PUBLISHED",
          rfis: [{ rfiId, section: "beneficial_owners", field: "passport_document", type: "COLLECT_DOCUMENT", status: "PENDING", createdAt: "2026-03-26T10:00:00Z" }],
        },
      ],
    },
    (c) => c.rfis.list(applicationId),
  ],
];

describe("envelopes", () => {
  it.each(disputed)("%s: reads the reference's bare body without a warning", async (_, body, call) => {
    server.fallback(json(200, body));
    const log = recordingLogger();
    expect(await call(createOnboardingClient({ token: "t", baseUrl: server.url, logger: log }))).toEqual(body);
    expect(log.lines).toEqual([]);
  });

  it.each(disputed)("%s: reads the how-to's {\"data\": ...} body too, warning once", async (operationId, body, call) => {
    server.fallback(json(200, { data: body }));
    const log = recordingLogger();
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url, logger: log });
    expect(await call(circle)).toEqual(body);
    expect(await call(circle)).toEqual(body);
    expect(log.lines).toEqual([["warn", expect.stringContaining(`${operationId}: the server wrapped its answer in {"data": ...}`)]]);
  });
});

describe("response-only enums", () => {
  it("accept statuses and types Circle adds later, and hand them over as sent", async () => {
    const application = { applicationId, status: "ON_HOLD", pendingRfis: [], sections: [{ sectionName: "basicBusinessInfo", status: "locked" }] };
    const bundles = { bundles: [{ bundleId: id(4), createdAt: "2026-03-26T10:00:00Z", status: "ARCHIVED", rfis: [{ rfiId, section: "s", field: "f", type: "COLLECT_SIGNATURE", status: "ESCALATED", createdAt: "2026-03-26T10:00:00Z" }] }] };
    const client = { data: { clientEntityId: id(1), created: "2026-06-16T14:39:03Z", status: "suspended" } };
    server.script(json(200, application), json(200, bundles), json(200, client), json(200, { applicationId, status: "QUEUED" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    expect(await circle.applications.get(applicationId)).toEqual(application);
    expect(await circle.rfis.list(applicationId)).toEqual(bundles);
    expect((await circle.clients.get(id(1))).status).toBe("suspended");
    expect((await circle.applications.submit(applicationId, consent)).status).toBe("QUEUED");
  });
});

describe("fields no page of Circle's shows", () => {
  it("getSection without sectionName and status", async () => {
    server.fallback(json(200, { data: { legalName: "Acme" } }));
    const section = await createOnboardingClient({ token: "t", baseUrl: server.url }).sections.get(applicationId, "basicBusinessInfo");
    expect(section).toEqual({ data: { legalName: "Acme" } });
    expect(section.status).toBeUndefined();
  });

  it("getRFI without field and comments", async () => {
    const rfi = { rfiId, section: "basicBusinessInfo", type: "UPDATE_FIELD", status: "PENDING", createdAt: "2026-03-26T10:00:00Z" };
    server.fallback(json(200, rfi));
    expect(await createOnboardingClient({ token: "t", baseUrl: server.url }).rfis.get(applicationId, rfiId)).toEqual(rfi);
  });

  it("a sections list whose items have no status", async () => {
    server.fallback(json(200, { sections: [{ sectionName: "basicBusinessInfo" }, { sectionName: "beneficial_owners", status: "complete" }] }));
    const { sections } = await createOnboardingClient({ token: "t", baseUrl: server.url }).sections.list(applicationId);
    expect(sections.map((s) => s.status ?? "(none)")).toEqual(["(none)", "complete"]);
  });
});
