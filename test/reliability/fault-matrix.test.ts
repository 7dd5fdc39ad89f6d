// The fault matrix: every fault against every operation class, the first attempt failing and
// the next succeeding. The expectations are written out here, independently of the client's
// retry code: a class either recovers on the second attempt or fails with its typed error (on
// `raw` calls, an HTTP error is a value: the status comes back instead).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiError,
  ConnectionError,
  createOnboardingClient,
  InvalidResponseError,
  type OnboardingClient,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../src/index.js";
import { type Fault, type FaultServer, hang, json, resetAfterBody, resetBeforeBody, startFaultServer, text, truncated } from "../support/fault-server.js";
import { applicationId, commentId, documentId, rfiId } from "../support/ids.js";

const saved = { data: {}, sections: [], sectionsChanged: false, fieldsChanged: false };
const comment = { commentId, author: "a", content: "c", createdAt: "2026-01-01T00:00:00Z" };

interface OperationClass {
  /** The class as the retry rules see it. */
  name: string;
  /** False when a repeat could create records twice (no idempotency key). */
  replaySafe: boolean;
  /** True when the operation documents no success body. */
  noBody: boolean;
  success: Fault;
  call: (circle: OnboardingClient) => Promise<unknown>;
  /** Through `circle.raw`: HTTP errors come back as values, bodies are not checked against the document. */
  raw?: true;
}

/** What a `raw` call gave back for an HTTP error. */
interface HttpErrorValue {
  httpStatus: number;
}

/** A raw call's outcome: its status when the server answered with an error. */
async function rawOutcome(call: Promise<{ error?: unknown; response: Response }>): Promise<HttpErrorValue | "success"> {
  const { response } = await call;
  return response.ok ? "success" : { httpStatus: response.status };
}

const classes: OperationClass[] = [
  { name: "GET", replaySafe: true, noBody: false, success: json(200, { applicationId, status: "DRAFT", sections: [], pendingRfis: [] }), call: (c) => c.applications.get(applicationId) },
  {
    name: "POST (with idempotency key)",
    replaySafe: true,
    noBody: false,
    success: json(200, { applicationId, status: "SUBMITTED" }),
    call: (c) => c.applications.submit(applicationId, { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" }),
  },
  { name: "PUT (comment edit)", replaySafe: true, noBody: false, success: json(200, comment), call: (c) => c.rfis.updateComment(applicationId, rfiId, commentId, "edited") },
  { name: "PUT (section save, may create entities)", replaySafe: false, noBody: false, success: json(200, saved), call: (c) => c.sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane" }]) },
  { name: "PATCH (bulk save)", replaySafe: false, noBody: false, success: json(200, saved), call: (c) => c.applications.saveData(applicationId, { basicBusinessInfo: { legalName: "Acme" } }) },
  { name: "DELETE", replaySafe: true, noBody: true, success: json(204, undefined), call: (c) => c.documents.delete(applicationId, documentId) },
  {
    name: "raw GET",
    raw: true,
    replaySafe: true,
    noBody: false,
    success: json(200, { applicationId, status: "DRAFT", sections: [], pendingRfis: [] }),
    call: (c) => rawOutcome(c.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } })),
  },
  {
    name: "raw POST (key from the middleware)",
    raw: true,
    replaySafe: true,
    noBody: false,
    success: json(200, { applicationId, status: "SUBMITTED" }),
    call: (c) =>
      rawOutcome(
        c.raw.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
          params: { path: { applicationId } },
          body: { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" },
        }),
      ),
  },
];

interface FaultCase {
  name: string;
  fault: () => Fault;
  /** Retried for replay-safe classes. */
  safe: boolean;
  /** Retried even for classes that are not replay-safe: the server says it did not process the request. */
  unsafe: boolean;
  /** The error when not retried (or, for a success status, when the body is unusable). */
  error: new (...args: never[]) => Error;
  /** A success status: no class retries it; a class without a success body simply succeeds. */
  success?: boolean;
  /** The HTTP status of a fault that is an answer: what a `raw` call gives back when not retried. */
  status?: number;
  /** What a `raw` call makes of a success status: it checks no outline, and openapi-fetch parses the JSON. */
  raw?: "success" | typeof SyntaxError;
}

const faults: FaultCase[] = [
  { name: "429 with Retry-After in seconds", fault: () => json(429, { code: 429, message: "slow" }, { "retry-after": "0" }), safe: true, unsafe: true, error: RateLimitError, status: 429 },
  { name: "429 with Retry-After as an HTTP date", fault: () => json(429, { code: 429, message: "slow" }, { "retry-after": new Date().toUTCString() }), safe: true, unsafe: true, error: RateLimitError, status: 429 },
  { name: "500", fault: () => json(500, { code: 500, message: "oops" }), safe: true, unsafe: false, error: ServerError, status: 500 },
  { name: "502", fault: () => json(502, { code: 502, message: "bad gateway" }), safe: true, unsafe: false, error: ServerError, status: 502 },
  { name: "503", fault: () => json(503, { code: 503, message: "unavailable" }), safe: true, unsafe: true, error: ServerError, status: 503 },
  { name: "504", fault: () => json(504, { code: 504, message: "gateway timeout" }), safe: true, unsafe: false, error: ServerError, status: 504 },
  { name: "408", fault: () => json(408, { code: 408, message: "request timeout" }), safe: true, unsafe: false, error: ApiError, status: 408 },
  { name: "an HTML 502 page", fault: () => text(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"), safe: true, unsafe: false, error: ServerError, status: 502 },
  { name: "a reset before the body is read", fault: resetBeforeBody, safe: true, unsafe: false, error: ConnectionError },
  { name: "a reset after the body is read", fault: resetAfterBody, safe: true, unsafe: false, error: ConnectionError },
  { name: "a hung response", fault: hang, safe: true, unsafe: false, error: TimeoutError },
  // The answer had arrived (status and headers) before it broke off: reported, not repeated.
  { name: "a truncated body", fault: () => truncated(200, '{"applicationId":"'), safe: false, unsafe: false, error: ConnectionError },
  { name: "a non-JSON 2xx body", fault: () => text(200, "<html>OK</html>"), safe: false, unsafe: false, error: InvalidResponseError, success: true, raw: SyntaxError },
  { name: "a 200 with an unexpected shape", fault: () => json(200, { unexpected: true }), safe: false, unsafe: false, error: InvalidResponseError, success: true, raw: "success" },
];

let server: FaultServer;
let circle: OnboardingClient;
let injected = 0;

beforeAll(async () => {
  server = await startFaultServer();
  circle = createOnboardingClient({ token: "sk_test_fault_matrix", baseUrl: server.url, timeoutMs: 100, backoff: { initialMs: 1, maxMs: 2 }, logLevel: "off" });
});
afterAll(() => server.close());

describe.each(classes)("$name", (op) => {
  it.each(faults)("after $name", async (fault) => {
    injected++;
    const before = server.requests.length;
    server.script(fault.fault(), op.success);
    const outcome = await op.call(circle).then(
      () => "success" as const,
      (e: unknown) => e,
    );
    const attempts = server.requests.slice(before);
    if (fault.success) {
      // A 2xx means the server applied the request: never repeated, whatever the body.
      expect(attempts).toHaveLength(1);
      if (op.raw) {
        if (fault.raw === "success") expect(outcome).toBe("success");
        else expect(outcome).toBeInstanceOf(fault.raw);
      } else if (op.noBody) expect(outcome).toBe("success");
      else expect(outcome).toBeInstanceOf(fault.error);
      await drainQueuedSuccess(op);
      return;
    }
    const retried = op.replaySafe ? fault.safe : fault.unsafe;
    if (retried) {
      expect(outcome).toBe("success");
      expect(attempts).toHaveLength(2);
    } else {
      if (op.raw && fault.status !== undefined) expect(outcome).toEqual({ httpStatus: fault.status });
      else expect(outcome).toBeInstanceOf(fault.error);
      // Never replayed once the server may have applied it.
      expect(attempts).toHaveLength(1);
      await drainQueuedSuccess(op);
    }
    const keys = new Set(attempts.map((r) => r.headers["x-idempotency-key"]));
    expect(keys.size).toBe(1);
    if (op.name.startsWith("POST")) expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** Consumes the success left queued when the fault was not retried, so cases stay independent. */
async function drainQueuedSuccess(op: OperationClass): Promise<void> {
  await op.call(circle);
}

it("injected every fault into every class", () => {
  expect(injected).toBe(classes.length * faults.length);
});
