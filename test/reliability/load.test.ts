// A bounded load: 500 calls, 64 in flight, 5 % of answers a 503. Every call resolves, retries stay
// within maxRetries, nothing is rejected unhandled, and no timer or abort listener outlives the run.
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOnboardingClient } from "../../src/index.js";
import { type FaultServer, startFaultServer } from "../support/fault-server.js";
import { numberedId as id } from "../support/ids.js";
import { seeded } from "../support/seeded.js";

const total = 500;
const inFlight = 64;
const maxRetries = 2;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());


it(`completes ${total} calls at ${inFlight} in flight with 5 % injected 503s`, async () => {
  const random = seeded(20261124);
  let injected = 0;
  server.fallback(async (req, res, recorded) => {
    for await (const chunk of req) recorded.body = Buffer.concat([recorded.body, chunk as Buffer]);
    if (random() < 0.05) {
      injected++;
      res.writeHead(503, { "content-type": "application/json" }).end('{"code":503,"message":"busy"}');
      return;
    }
    if (req.method === "POST") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ applicationId: id(0), status: "SUBMITTED" }));
    } else {
      const applicationId = recorded.path.split("/").pop();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ applicationId, status: "DRAFT", sections: [], pendingRfis: [] }));
    }
  });

  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

  // One long-lived signal shared by every call, as a shutdown signal would be: a leaked listener per call would pile up on it.
  const shutdown = new AbortController();
  const circle = createOnboardingClient({ token: "sk_test_load_0123", baseUrl: server.url, maxRetries, backoff: { initialMs: 1, maxMs: 4 }, logLevel: "off" });
  let next = 0;
  const outcomes: ("ok" | "failed")[] = [];
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const call =
        n % 2 === 0
          ? circle.applications.get(id(n + 1), { signal: shutdown.signal })
          : circle.applications.submit(id(n + 1), { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" }, { signal: shutdown.signal });
      outcomes[n] = await call.then(
        () => "ok" as const,
        () => "failed" as const,
      );
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  process.off("unhandledRejection", onUnhandled);

  expect(outcomes.filter((o) => o === "ok")).toHaveLength(total);
  expect(unhandled).toEqual([]);

  // Attempts per call, grouped by what identifies the call: the path for GETs, the key for POSTs.
  const attempts = new Map<string, number>();
  for (const r of server.requests) {
    const call = r.method === "POST" ? String(r.headers["x-idempotency-key"]) : r.path;
    attempts.set(call, (attempts.get(call) ?? 0) + 1);
  }
  expect(attempts.size).toBe(total);
  expect(Math.max(...attempts.values())).toBeLessThanOrEqual(maxRetries + 1);
  // Each injected 503 cost exactly one extra attempt.
  expect(server.requests.length).toBe(total + injected);
  expect(injected).toBeGreaterThan(10);
  console.log(`load: ${total} calls, ${server.requests.length} requests, ${injected} injected 503s, max ${Math.max(...attempts.values())} attempts per call`);

  expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBeLessThanOrEqual(timersBefore);
});
