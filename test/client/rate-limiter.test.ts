// The adaptive rate limiter on a fake clock: slow start, one multiplicative decrease per round of
// 429s, a pause for Retry-After, additive increase only when callers wanted more, aborts; then
// through a real client, on raw and resource calls alike, with what it saw on RateLimitError.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOnboardingClient, createRateLimiter, InvalidRequestError, RateLimitError, type RateLimiter } from "../../src/index.js";
import { json, startFaultServer } from "../support/fault-server.js";
import { applicationId } from "../support/ids.js";

describe("createRateLimiter, on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Acquires `n` turns at once; the fake-clock times they were given at. */
  async function turns(limiter: RateLimiter, n: number): Promise<number[]> {
    const start = performance.now();
    const times: number[] = [];
    const all = Array.from({ length: n }, () => limiter.acquire().then((t) => times.push(t.sentAt - start)));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    return times;
  }

  /** One turn, letting the fake clock run to it. */
  async function turn(limiter: RateLimiter) {
    const ticket = limiter.acquire();
    await vi.runAllTimersAsync();
    return ticket;
  }

  it("paces at the initial rate, and doubles it after each saturated quiet spell until the first 429", async () => {
    const limiter = createRateLimiter({ initialRate: 4 });
    expect(await turns(limiter, 4)).toEqual([0, 250, 500, 750]);
    const first = await turn(limiter);
    vi.advanceTimersByTime(1000);
    limiter.observe(first, { status: 200 });
    expect(limiter.snapshot()).toMatchObject({ rate: 8, slowStart: true });
    const t = await turn(limiter);
    limiter.observe(t, { status: 429 });
    expect(limiter.snapshot()).toMatchObject({ rate: 6.4, slowStart: false, tooManyRequests: 1, decreases: 1 });
  });

  it("decreases once for a round of 429s: answers to requests sent before the decrease do not count again", async () => {
    const limiter = createRateLimiter({ initialRate: 100 });
    const tickets = [await turn(limiter), await turn(limiter), await turn(limiter)];
    vi.advanceTimersByTime(50);
    for (const ticket of tickets) limiter.observe(ticket, { status: 429 });
    expect(limiter.snapshot()).toMatchObject({ rate: 80, tooManyRequests: 3, decreases: 1 });
    const later = await turn(limiter);
    limiter.observe(later, { status: 429 });
    expect(limiter.snapshot()).toMatchObject({ rate: 64, decreases: 2 });
  });

  it("pauses every caller until Retry-After has passed", async () => {
    const limiter = createRateLimiter({ initialRate: 1000 });
    const ticket = await turn(limiter);
    limiter.observe(ticket, { status: 429, retryAfterMs: 2000 });
    expect(limiter.snapshot().pausedUntil).toBe(Date.now() + 2000);
    const times = await turns(limiter, 2);
    expect(times[0]).toBe(2000);
    expect(limiter.snapshot().lastRetryAfterMs).toBe(2000);
  });

  it("adds to the rate after a quiet spell only when callers had to wait for their turn", async () => {
    const limiter = createRateLimiter({ initialRate: 10, increase: 2 });
    const drop = await turn(limiter);
    limiter.observe(drop, { status: 429 });
    expect(limiter.snapshot().rate).toBe(8);
    // A quiet spell with a single caller, who never waited: no increase.
    vi.advanceTimersByTime(1500);
    limiter.observe(await turn(limiter), { status: 200 });
    expect(limiter.snapshot().rate).toBe(8);
    // A spell in which callers queued: +2.
    await turns(limiter, 5);
    vi.advanceTimersByTime(1000);
    limiter.observe(await turn(limiter), { status: 200 });
    expect(limiter.snapshot().rate).toBe(10);
  });

  it("lets a waiting caller go when its signal aborts", async () => {
    const limiter = createRateLimiter({ initialRate: 1 });
    await turn(limiter);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.snapshot().waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(limiter.snapshot().waiting).toBe(0);
  });

  it("refuses bad options, naming them", () => {
    expect(() => createRateLimiter({ decrease: 1.5 })).toThrow(new InvalidRequestError("decrease", "expected a factor below 1, got 1.5"));
    expect(() => createRateLimiter({ initialRate: 0 })).toThrow(InvalidRequestError);
    // @ts-expect-error a rate is a number
    expect(() => createRateLimiter({ maxRate: "fast" })).toThrow(/maxRate: expected a positive number/);
  });
});

describe("a client with a limiter", () => {
  it("sends resource and raw calls through it, and a RateLimitError tells what it saw", async () => {
    const server = await startFaultServer();
    try {
      const limiter = createRateLimiter({ initialRate: 50 });
      const circle = createOnboardingClient({ token: "sk_test", baseUrl: server.url, rateLimiter: limiter, maxRetries: 1, backoff: { initialMs: 1, maxMs: 1 } });
      const app = { applicationId, status: "DRAFT", sections: [], pendingRfis: [] };
      server.script(json(429, { code: 429, message: "slow down" }, { "retry-after": "0" }), json(200, app));
      await expect(circle.applications.get(applicationId)).resolves.toMatchObject({ applicationId });
      const raw = await circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } });
      expect(raw.response.status).toBe(200);
      expect(limiter.snapshot()).toMatchObject({ requests: 3, tooManyRequests: 1, decreases: 1 });

      server.script(json(429, { code: 429, message: "slow down" }, { "retry-after": "0" }), json(429, { code: 429, message: "slow down" }, { "retry-after": "0" }));
      const error = await circle.applications.get(applicationId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).limiter).toMatchObject({ requests: 5, tooManyRequests: 3 });
      expect((error as RateLimitError).toJSON()).toHaveProperty("limiter.rate");
      expect(server.requests).toHaveLength(5);
    } finally {
      await server.close();
    }
  });

  it("is refused when it is not a limiter", () => {
    // @ts-expect-error not a RateLimiter
    expect(() => createOnboardingClient({ token: "sk_test", rateLimiter: {} })).toThrow(/^rateLimiter: expected a limiter from createRateLimiter\(\)/);
  });
});
