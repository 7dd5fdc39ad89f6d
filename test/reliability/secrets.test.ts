// The token never leaves through an error or a log line: not in messages, stacks, JSON,
// util.inspect, nor when a server echoes it back in an error body.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOnboardingClient, type Logger, OnboardingError } from "../../src/index.js";
import { type Fault, type FaultServer, hang, json, resetBeforeBody, startFaultServer, text, truncated } from "../support/fault-server.js";
import { applicationId, consent, rfiId } from "../support/ids.js";
import { freePort } from "../support/ports.js";

const token = "sk_live_RECOGNISABLE_7f3a9c2e41d8";

let server: FaultServer;
const lines: string[] = [];
const logger: Logger = {
  debug: (...args: unknown[]) => lines.push(inspect(args, { depth: 10 })),
  info: (...args: unknown[]) => lines.push(inspect(args, { depth: 10 })),
  warn: (...args: unknown[]) => lines.push(inspect(args, { depth: 10 })),
  error: (...args: unknown[]) => lines.push(inspect(args, { depth: 10 })),
};

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

function circle(overrides: Record<string, unknown> = {}) {
  return createOnboardingClient({ token, baseUrl: server.url, logger, logLevel: "debug", maxRetries: 1, timeoutMs: 100, backoff: { initialMs: 1 }, ...overrides });
}

const echo = (status: number): Fault => json(status, { code: status, message: `Invalid key ${token}`, errors: [{ path: "auth", code: "invalid", message: `got ${token}` }] });

/** Every way a call can fail, each run with the recognisable token. */
const paths: [string, Fault[], (c: ReturnType<typeof circle>) => Promise<unknown>][] = [
  ["400", [json(400, { code: 400, message: "bad" })], (c) => c.applications.submit(applicationId, consent)],
  ["401 echoing the token", [echo(401)], (c) => c.applications.get(applicationId)],
  ["403", [json(403, { code: 403, message: "forbidden" })], (c) => c.applications.get(applicationId)],
  ["404", [json(404, { code: 404, message: "not found" })], (c) => c.clients.get(applicationId)],
  ["409", [json(409, { code: 409, message: "conflict" })], (c) => c.applications.cancel(applicationId)],
  ["422 echoing the token in field errors", [echo(422)], (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "" })],
  ["429 after retries", [json(429, { code: 429, message: token }, { "retry-after": "0" }), json(429, { code: 429, message: token }, { "retry-after": "0" })], (c) => c.rfis.list(applicationId)],
  ["500 after retries", [echo(500), echo(500)], (c) => c.documents.list(applicationId)],
  ["an HTML 502 page echoing the token", [text(502, `<h1>Bad gateway</h1><p>Authorization: Bearer ${token}</p>`), text(502, `<p>${token}</p>`)], (c) => c.applications.get(applicationId)],
  ["a non-JSON 200", [text(200, `not json ${token}`)], (c) => c.applications.get(applicationId)],
  ["a 200 of the wrong shape", [json(200, { token })], (c) => c.applications.get(applicationId)],
  ["connection resets", [resetBeforeBody(), resetBeforeBody()], (c) => c.applications.get(applicationId)],
  ["a truncated body", [truncated(200, `{"token":"${token}`)], (c) => c.applications.get(applicationId)],
  ["timeouts", [hang(), hang()], (c) => c.rfis.get(applicationId, rfiId)],
  ["a caller abort", [hang()], (c) => c.applications.get(applicationId, { signal: AbortSignal.timeout(30) })],
  ["a bad argument", [], (c) => c.applications.get("not-a-uuid")],
  ["a bad idempotency key", [], (c) => c.applications.submit(applicationId, consent, { idempotencyKey: token })],
];

function exposures(error: unknown): string[] {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? "", JSON.stringify(e), inspect(e, { depth: 10 }), inspect(e, { depth: 10, compact: false })];
}

describe("errors", () => {
  it.each(paths)("%s", async (_, faults, call) => {
    server.script(...faults);
    const error = await call(circle()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OnboardingError);
    for (const text of exposures(error)) expect(text).not.toContain(token);
  });

  it("scrubs a token a token function returned, too", async () => {
    server.script(echo(401));
    const error = await circle({ token: async () => token }).applications.get(applicationId).catch((e: unknown) => e);
    for (const text of exposures(error)) expect(text).not.toContain(token);
    expect(JSON.stringify((error as { body: unknown }).body)).toContain("Invalid key ***");
  });

  it("does not echo a malformed token when refusing it", () => {
    const malformed = `${token}\r\nX-Injected: 1`;
    let error: unknown;
    try {
      createOnboardingClient({ token: malformed });
    } catch (e) {
      error = e;
    }
    for (const text of exposures(error)) expect(text).not.toContain(token);
  });

  it("does not leak through a refused connection", async () => {
    const port = await freePort();
    const error = await circle({ baseUrl: `http://127.0.0.1:${port}` }).applications.get(applicationId).catch((e: unknown) => e);
    for (const text of exposures(error)) expect(text).not.toContain(token);
  });
});

describe("logs", () => {
  it("show Authorization as Bearer *** and never the token, across every path above", () => {
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes("Bearer ***"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(token);
  });
});
