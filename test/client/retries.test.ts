// Retries, Retry-After, timeouts, aborts and idempotency keys, against a fault-injecting server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createOnboardingClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../src/index.js";
import {
  type FaultServer,
  hang,
  json,
  resetAfterBody,
  resetBeforeBody,
  stalledBody,
  startFaultServer,
  text,
  truncated,
} from "../support/fault-server.js";
import { applicationId, consent, newKey, rfiId } from "../support/ids.js";
import { recordingLogger } from "../support/logger.js";
import { freePort } from "../support/ports.js";

const app = { applicationId, status: "DRAFT", sections: [], pendingRfis: [] };
const submitted = { applicationId, status: "SUBMITTED" };
const saved = { data: {}, sections: [], sectionsChanged: false, fieldsChanged: false };

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

function client(overrides: Parameters<typeof createOnboardingClient>[0] extends infer O ? Partial<O> : never = {}) {
  return createOnboardingClient({ token: "sk_test_0123456789", baseUrl: server.url, backoff: { initialMs: 1, maxMs: 5 }, ...overrides });
}

describe("idempotency keys", () => {
  it("sends the same key on every attempt of one POST, and a new key for the next call", async () => {
    server.script(json(503, { code: 503, message: "busy" }), resetAfterBody(), json(200, submitted), json(200, submitted));
    const circle = client();
    await expect(circle.applications.submit(applicationId, consent)).resolves.toEqual(submitted);
    await circle.applications.submit(applicationId, consent);
    const keys = server.requests.map((r) => r.headers["x-idempotency-key"]);
    expect(keys).toHaveLength(4);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("uses the caller's key, on every attempt", async () => {
    const key = newKey();
    server.script(json(500, { code: 500, message: "oops" }), json(201, { commentId: key, author: "a", content: "c", createdAt: "2026-01-01T00:00:00Z" }));
    await client().rfis.addComment(applicationId, rfiId, "hello", { idempotencyKey: key });
    expect(server.requests.map((r) => r.headers["x-idempotency-key"])).toEqual([key, key]);
  });

  it("resends the same multipart bytes and key when an upload is retried", async () => {
    server.script(json(502, { code: 502, message: "bad gateway" }), json(201, { documentId: newKey() }));
    const stream = new Blob([new Uint8Array([1, 2, 3, 4])]).stream();
    await client().documents.upload(applicationId, { file: stream, fileName: "id.pdf", datumName: "passport_document", documentType: "passport" });
    const [first, second] = server.requests;
    expect(second!.headers["x-idempotency-key"]).toBe(first!.headers["x-idempotency-key"]);
    const strip = (r: typeof first) => r!.body.toString("latin1").replaceAll(/-+formdata-[\w-]+/g, "BOUNDARY");
    expect(strip(second)).toBe(strip(first));
    expect(strip(first)).toContain('name="fileContent"; filename="id.pdf"');
  });

  it("gives raw POSTs a key too", async () => {
    server.script(json(503, {}), json(200, submitted));
    const circle = client();
    await circle.raw.POST("/v1/onboarding/partner/applications/{applicationId}/submit", { params: { path: { applicationId } }, body: consent });
    const keys = server.requests.map((r) => r.headers["x-idempotency-key"]);
    expect(keys[0]).toBeDefined();
    expect(keys[1]).toBe(keys[0]);
  });
});

describe("which failures are retried", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries a GET after %i and succeeds", async (status) => {
    server.script(json(status, { code: status, message: "transient" }), json(200, app));
    await expect(client().applications.get(applicationId)).resolves.toEqual(app);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ValidationError],
  ])("never retries %i", async (status, ErrorClass) => {
    server.script(json(status, { code: status, message: "final" }));
    await expect(client().applications.submit(applicationId, consent)).rejects.toBeInstanceOf(ErrorClass);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last status's error", async () => {
    server.fallback(json(503, { code: 503, message: "still down" }));
    const error = await client({ maxRetries: 3 }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(server.requests).toHaveLength(4);
  });

  it("honours a per-call maxRetries of 0", async () => {
    server.fallback(json(500, {}));
    await expect(client().applications.get(applicationId, { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a connection reset on a GET", async () => {
    server.script(resetBeforeBody(), resetAfterBody(), json(200, app));
    await expect(client().applications.get(applicationId)).resolves.toEqual(app);
    expect(server.requests).toHaveLength(3);
  });

  it("reports a body that breaks off after the headers, without repeating the request", async () => {
    server.script(truncated(200, '{"applicationId":'), json(200, app));
    const error = await client().applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^200 from GET \/v1\/onboarding\/partner\/applications\/[\w-]+: the connection broke while reading the body$/);
    expect(server.requests).toHaveLength(1);
  });

  it("throws ConnectionError when every attempt is reset", async () => {
    server.fallback(resetBeforeBody());
    const error = await client({ maxRetries: 1 }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/GET \/v1\/onboarding\/partner\/applications\/[\w-]+ failed: .* \(2 attempts\)/);
    expect(server.requests).toHaveLength(2);
  });
});

describe("requests that can create records without a key (PATCH, array-section PUT)", () => {
  const bulk = { basicBusinessInfo: { legalName: "Acme" } };

  it.each([
    ["500", json(500, { code: 500, message: "oops" }), ServerError],
    ["502", json(502, {}), ServerError],
    ["504", json(504, {}), ServerError],
    ["408", json(408, {}), Error],
    ["a reset after the body was sent", resetAfterBody(), ConnectionError],
  ])("are not replayed after %s", async (_, fault, ErrorClass) => {
    server.script(fault, json(200, saved));
    const logger = recordingLogger();
    await expect(client({ logger }).applications.saveData(applicationId, bulk)).rejects.toBeInstanceOf(ErrorClass);
    expect(server.requests).toHaveLength(1);
    expect(logger.text().join("\n")).toMatch(/not retried: the server may have applied it/);
  });

  it("are not replayed after a timeout", async () => {
    server.script(hang(), json(200, saved));
    await expect(client({ timeoutMs: 50 }).sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane" }])).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["429", json(429, { code: 429, message: "slow down" }, { "retry-after": "0" })],
    ["503", json(503, { code: 503, message: "down" })],
  ])("are retried after %s, which says nothing was applied", async (_, fault) => {
    const answered = { rfiId, section: "basicBusinessInfo", data: { legalName: "Acme" } };
    server.script(fault, json(200, answered));
    await expect(client().rfis.respond(applicationId, rfiId, { legalName: "Acme" })).resolves.toEqual(answered);
    expect(server.requests).toHaveLength(2);
  });

  it("are retried when the connection is refused", async () => {
    const port = await freePort();
    const error = await createOnboardingClient({ token: "t", baseUrl: `http://127.0.0.1:${port}`, backoff: { initialMs: 1 }, maxRetries: 2, logLevel: "off" })
      .applications.saveData(applicationId, bulk)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED.*\(3 attempts\)/);
  });

  it("are retried on raw PATCH calls by the same rule", async () => {
    server.script(json(500, {}), json(200, saved));
    const { response } = await client().raw.PATCH("/v1/onboarding/partner/applications/{applicationId}/data", {
      params: { path: { applicationId } },
      body: bulk,
    });
    expect(response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  it("wins over backoff, in seconds", async () => {
    server.script(json(429, { code: 429, message: "slow" }, { "retry-after": "0" }), json(200, app));
    const logger = recordingLogger();
    // A 10-minute backoff would time the test out; Retry-After: 0 must be used instead.
    await client({ logger, logLevel: "info", backoff: { initialMs: 600_000, maxMs: 600_000 } }).applications.get(applicationId);
    expect(logger.text().find((l) => l.includes("retrying"))).toMatch(/in 0 ms after HTTP 429/);
  });

  it("wins over backoff, as an HTTP date", async () => {
    const soon = new Date(Date.now() + 1000).toUTCString();
    server.script(json(503, {}, { "retry-after": soon }), json(200, app));
    const logger = recordingLogger();
    await client({ logger, logLevel: "info", backoff: { initialMs: 600_000, maxMs: 600_000 } }).applications.get(applicationId);
    const delay = Number(/in (\d+) ms/.exec(logger.text().find((l) => l.includes("retrying")) ?? "")?.[1]);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(1000);
  });

  it("stops retrying when the wait asked for is longer than maxRetryAfterMs, and reports it", async () => {
    server.script(json(429, { code: 429, message: "come back later" }, { "retry-after": "120" }), json(200, app));
    const error = await client().applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });
});

describe("timeouts and cancellation", () => {
  it("times out each attempt and retries a GET", async () => {
    server.script(hang(), json(200, app));
    await expect(client({ timeoutMs: 50 }).applications.get(applicationId)).resolves.toEqual(app);
    expect(server.requests).toHaveLength(2);
  });

  it("throws TimeoutError when every attempt times out", async () => {
    server.script(hang(), hang());
    const error = await client({ timeoutMs: 50, maxRetries: 1 }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/timed out after 50 ms \(2 attempts\)/);
  });

  it("times out a body that stalls after the headers", async () => {
    server.script(stalledBody(200));
    const error = await client({ timeoutMs: 50 }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/: the body did not arrive within 50 ms$/);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts at once when the caller's signal fires, without retrying", async () => {
    server.fallback(hang());
    const controller = new AbortController();
    const pending = client({ timeoutMs: 60_000 }).applications.get(applicationId, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts during the backoff sleep", async () => {
    server.fallback(json(503, {}));
    const controller = new AbortController();
    const pending = client({ backoff: { initialMs: 60_000, maxMs: 60_000 } }).applications.get(applicationId, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it("does not send anything when the signal is already aborted", async () => {
    await expect(client().applications.get(applicationId, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("raw calls: the timeout covers the body too", () => {
  const path = "/v1/onboarding/partner/applications/{applicationId}" as const;
  const params = { path: { applicationId } };
  // Long enough that the headers arrive before it on a loaded machine: these tests are about the body.
  const timeoutMs = 250;
  const wait = (ms: number, value?: unknown) => new Promise((resolve) => setTimeout(resolve, ms, value));

  it("times out a body that stalls after the headers", async () => {
    server.script(stalledBody(200));
    const error = await client({ timeoutMs }).raw.GET(path, { params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`200 from GET /v1/onboarding/partner/applications/${applicationId}: the body did not arrive within ${timeoutMs} ms`);
    expect(server.requests).toHaveLength(1);
  });

  it("gives a ConnectionError, without a retry, when the body breaks off", async () => {
    server.script(truncated(200, '{"applicationId":'), json(200, app));
    const error = await client().raw.GET(path, { params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^200 from GET \S+: the connection broke while reading the body$/);
    expect(server.requests).toHaveLength(1);
  });

  it("gives an AbortError when the caller aborts while the body is read", async () => {
    server.script(stalledBody(200));
    const controller = new AbortController();
    // Aborts once the headers are in, whatever the machine's speed.
    const fetchThenAbort = (request: Request, init?: RequestInit) => fetch(request, init).finally(() => controller.abort());
    const error = await client({ timeoutMs: 60_000, fetch: fetchThenAbort })
      .raw.GET(path, { params, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toMatch(/: aborted by the caller while reading the body$/);
  });

  it("disarms the timer once the body is read, and at once for an answer without one", async () => {
    server.script(json(200, app), text(204, ""), json(404, { code: 404, message: "no such application" }));
    // Each attempt's signal: an armed timer would abort it after timeoutMs.
    const signals: AbortSignal[] = [];
    const circle = client({ timeoutMs, fetch: (request, init) => (signals.push(init!.signal!), fetch(request, init)) });
    await expect(circle.raw.GET(path, { params })).resolves.toMatchObject({ data: app });
    const deleted = await circle.raw.DELETE("/v1/onboarding/partner/applications/{applicationId}/documents/{documentId}", { params: { path: { applicationId, documentId: rfiId } } });
    expect(deleted.response.status).toBe(204);
    await expect(circle.raw.GET(path, { params })).resolves.toMatchObject({ error: { code: 404 } });
    await wait(timeoutMs + 100);
    expect(signals.map((s) => s.aborted)).toEqual([false, false, false]);
  });

  it("hands back a plain Response: a second read fails as the platform makes it fail", async () => {
    server.script(json(200, app));
    const { response } = await client().raw.GET(path, { params });
    expect(response).toBeInstanceOf(Response);
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ConnectionError);
  });

  it("leaves a stream taken with parseAs 'stream' to the caller: taking it disarms the timer", async () => {
    server.script(stalledBody(200));
    const { data } = await client({ timeoutMs }).raw.GET(path, { params, parseAs: "stream" });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("{");
    const next = reader.read().then(() => "read", () => "failed");
    // Twice the timeout: an armed timer would have failed the read by now.
    const settled = await Promise.race([next, wait(2 * timeoutMs, "pending")]);
    expect(settled).toBe("pending");
    await reader.cancel();
  });
});

describe("bodies that are not what the document promises", () => {
  it("keeps the text of an HTML error page and still picks the status's class", async () => {
    server.fallback(text(502, "<html><head><title>502</title></head><body><h1>Bad Gateway</h1> nginx</body></html>"));
    const error = await client({ maxRetries: 0 }).applications.get(applicationId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toBe("502 Bad Gateway: 502 Bad Gateway nginx");
    expect((error as ServerError).body).toContain("<h1>Bad Gateway</h1>");
  });
});
