// Pagination across pages, bodies that are not what the document says, token functions, logging.
// (The envelopes Circle's documents disagree on are in tolerant-responses.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOnboardingClient, InvalidResponseError } from "../../src/index.js";
import { nextPageAfter } from "../../src/pagination.js";
import { fileNameOf } from "../../src/resources/documents.js";
import { type FaultServer, json, startFaultServer, text } from "../support/fault-server.js";
import { applicationId, consent, numberedId as id } from "../support/ids.js";
import { recordingLogger } from "../support/logger.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const client = (n: number) => ({ clientEntityId: id(n), created: "2026-06-16T14:39:03Z" });
const application = (n: number) => ({ applicationId: id(n), status: "DRAFT", sections: [], pendingRfis: [] });


describe("pagination", () => {
  it("follows the Link header's pageAfter across client pages", async () => {
    const link = (after: string) => ({ link: `<${server.url}/v1/partner/clients?pageSize=2&pageAfter=${after}>; rel="next"` });
    server.script(json(200, { data: [client(1), client(2)] }, link(id(2))), json(200, { data: [client(3), client(4)] }, link(id(4))), json(200, { data: [client(5)] }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    const ids: string[] = [];
    for await (const c of circle.clients.list({ pageSize: 2 })) ids.push(c.clientEntityId);
    expect(ids).toEqual([1, 2, 3, 4, 5].map(id));
    expect(server.requests.map((r) => r.path)).toEqual([
      "/v1/partner/clients?pageSize=2",
      `/v1/partner/clients?pageSize=2&pageAfter=${id(2)}`,
      `/v1/partner/clients?pageSize=2&pageAfter=${id(4)}`,
    ]);
  });

  it("follows hasMore and nextCursor (or the last id) across application pages", async () => {
    server.script(
      json(200, { applications: [application(1), application(2)], hasMore: true, nextCursor: id(2) }),
      json(200, { applications: [application(3)], hasMore: true }),
      json(200, { applications: [application(4)], hasMore: false }),
    );
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    const all = await circle.applications.list({ limit: 2, status: "DRAFT" }).toArray();
    expect(all.map((a) => a.applicationId)).toEqual([1, 2, 3, 4].map(id));
    expect(server.requests.map((r) => r.path)).toEqual([
      "/v1/onboarding/partner/applications?limit=2&status=DRAFT",
      `/v1/onboarding/partner/applications?limit=2&status=DRAFT&starting_after=${id(2)}`,
      `/v1/onboarding/partner/applications?limit=2&status=DRAFT&starting_after=${id(3)}`,
    ]);
  });

  it("fetches lazily: breaking out of the loop stops fetching", async () => {
    server.fallback(json(200, { applications: [application(1), application(2)], hasMore: true, nextCursor: id(2) }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    for await (const a of circle.applications.list()) if (a.applicationId === id(1)) break;
    expect(server.requests).toHaveLength(1);
  });

  it("gives pages with their cursor for checkpointing, and resumes from one", async () => {
    server.script(json(200, { applications: [application(5)], hasMore: true, nextCursor: id(5) }), json(200, { applications: [], hasMore: false }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    const pages = [];
    for await (const page of circle.applications.list({ starting_after: id(4) }).pages()) pages.push(page);
    expect(pages.map((p) => p.nextCursor)).toEqual([id(5), undefined]);
    expect(server.requests[0]!.path).toBe(`/v1/onboarding/partner/applications?starting_after=${id(4)}`);
  });

  it("refuses hasMore without any cursor", async () => {
    server.script(json(200, { applications: [], hasMore: true }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    await expect(circle.applications.listPage()).rejects.toThrow(/hasMore is true but the page gives no cursor/);
  });

  it.each([
    ['<https://x/v1/partner/clients?pageAfter=abc>; rel="next"', "abc"],
    ['<https://x/a?pageAfter=1>; rel="prev", <https://x/a?pageAfter=2>; rel="next"', "2"],
    ["</v1/partner/clients?pageSize=5&pageAfter=xyz>; rel=next", "xyz"],
    ['<https://x/a?pageAfter=1>; rel="prev"', undefined],
    ["garbage", undefined],
    [null, undefined],
  ])("reads the next cursor from Link %s", (link, expected) => {
    expect(nextPageAfter(link)).toBe(expected);
  });
});

describe("bodies the document does not describe", () => {
  it("refuses a 2xx body that is not JSON, keeping status and request id", async () => {
    server.script(text(200, "<html>maintenance</html>", { "x-request-id": "req-html" }));
    const error = await createOnboardingClient({ token: "t", baseUrl: server.url }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, requestId: "req-html" });
    expect((error as Error).message).toMatch(/^200 from GET \/v1\/onboarding\/partner\/applications\/[\w-]+: the body is not valid JSON$/);
  });

  it("refuses a 200 that lacks what the document requires, naming it", async () => {
    server.script(json(200, { applicationId }));
    const error = await createOnboardingClient({ token: "t", baseUrl: server.url }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/the body lacks status, sections, pendingRfis/);
  });
});

describe("tokens", () => {
  it("calls a token function once per call, picking up a rotated key", async () => {
    let calls = 0;
    const circle = createOnboardingClient({ token: () => `key-${++calls}`, baseUrl: server.url });
    server.fallback(json(200, application(1)));
    await circle.applications.get(applicationId);
    await circle.applications.get(applicationId);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer key-1", "Bearer key-2"]);
  });

  it("calls it once per raw call too, and a failing token function stops the call before anything is sent", async () => {
    let calls = 0;
    const circle = createOnboardingClient({ token: () => `key-${++calls}`, baseUrl: server.url });
    server.fallback(json(200, application(1)));
    await circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer key-1"]);
    const vault = new Error("vault unreachable");
    const failing = createOnboardingClient({ token: () => Promise.reject(vault), baseUrl: server.url });
    await expect(failing.applications.get(applicationId)).rejects.toBe(vault);
    await expect(failing.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } })).rejects.toBe(vault);
    expect(server.requests).toHaveLength(1);
  });

  it("awaits an async token function, and keeps its token across retries of one call", async () => {
    let calls = 0;
    const circle = createOnboardingClient({ token: async () => `key-${++calls}`, baseUrl: server.url, backoff: { initialMs: 1 } });
    server.script(json(503, {}), json(200, application(1)));
    await circle.applications.get(applicationId);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer key-1", "Bearer key-1"]);
  });
});

describe("extension points", () => {
  it("looks the global fetch up at each request: a mock installed after the client was created sees its requests", async () => {
    server.fallback(json(200, application(1)));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    await circle.applications.get(applicationId);
    // What MSW's interceptor (and nock, through undici) does: replace the global fetch, later.
    const seen: string[] = [];
    vi.stubGlobal("fetch", async (request: Request) => (seen.push(`${request.method} ${new URL(request.url).pathname}`), Response.json(application(2))));
    try {
      expect((await circle.applications.get(applicationId)).applicationId).toBe(id(2));
      const raw = await circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } });
      expect(raw.data?.applicationId).toBe(id(2));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(seen).toEqual([`GET /v1/onboarding/partner/applications/${applicationId}`, `GET /v1/onboarding/partner/applications/${applicationId}`]);
    // Restored: the real network again.
    expect((await circle.applications.get(applicationId)).applicationId).toBe(id(1));
    expect(server.requests).toHaveLength(2);
  });

  it("runs middleware added with raw.use() on raw calls only, and a custom fetch under every call", async () => {
    server.fallback(json(200, application(1)));
    const fetched: string[] = [];
    const circle = createOnboardingClient({
      token: "t",
      baseUrl: server.url,
      fetch: (request, init) => (fetched.push(request.method), fetch(request, init)),
    });
    const seen: string[] = [];
    circle.raw.use({ onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) });
    await circle.applications.get(applicationId);
    await circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } });
    expect(seen).toEqual([`/v1/onboarding/partner/applications/${applicationId}`]);
    expect(fetched).toEqual(["GET", "GET"]);
  });
});

describe("logging", () => {
  it("logs each attempt at debug with the token hidden, and retries at info", async () => {
    server.script(json(503, {}), json(200, application(1)));
    const log = recordingLogger();
    await createOnboardingClient({ token: "sk_live_visible", baseUrl: server.url, logger: log, logLevel: "debug", backoff: { initialMs: 1 } }).applications.get(applicationId);
    const levels = log.lines.map(([level]) => level);
    expect(levels).toEqual(["debug", "debug", "info", "debug", "debug"]);
    expect(log.lines[0]![1]).toContain('"authorization":"Bearer ***"');
    expect(log.lines.map(([, line]) => line).join("\n")).not.toContain("sk_live_visible");
  });

  it("logs nothing at the default level when all goes well", async () => {
    server.script(json(503, {}), json(200, application(1)));
    const log = recordingLogger();
    await createOnboardingClient({ token: "t", baseUrl: server.url, logger: log, backoff: { initialMs: 1 } }).applications.get(applicationId);
    expect(log.lines).toEqual([]);
  });

  it("logs nothing at all when off", async () => {
    server.script(json(200, { data: { applicationId, status: "SUBMITTED" } }));
    const log = recordingLogger();
    await createOnboardingClient({ token: "t", baseUrl: server.url, logger: log, logLevel: "off" }).applications.submit(applicationId, consent);
    expect(log.lines).toEqual([]);
  });
});

describe("downloaded file names", () => {
  it.each([
    ['attachment; filename="passport.pdf"', "passport.pdf"],
    ["attachment; filename=passport.pdf", "passport.pdf"],
    ["attachment; filename*=UTF-8''pa%C3%9Fport%20scan.pdf", "paßport scan.pdf"],
    [`attachment; filename="fallback.pdf"; filename*=UTF-8''pr%C3%A9f%C3%A9r%C3%A9.pdf`, "préféré.pdf"],
    ['attachment; filename="../../etc/passwd"', "passwd"],
    ['attachment; filename="C:\\\\temp\\\\id.png"', "id.png"],
    ["attachment; filename*=UTF-8''%E0%A4%A", undefined],
    ["attachment", undefined],
    [null, undefined],
  ])("reads %s as %s, never with a path", (header, expected) => {
    expect(fileNameOf(header)).toBe(expected);
  });
});
