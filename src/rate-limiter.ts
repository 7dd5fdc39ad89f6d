// An adaptive rate limiter for an API that publishes no rate limit. It paces requests at a rate it
// learns the way TCP learns a window: slow start (the rate doubles after each quiet spell until
// the first 429), then a multiplicative decrease on each 429 (once per round of requests, and a
// pause for the whole process when the answer carries Retry-After), and an additive increase after
// each quiet spell in which callers wanted more than the rate gave. One limiter is meant to be
// shared by every client of a process. No Node-only API: it runs wherever the client runs.
import { AbortError, InvalidRequestError } from "./errors.js";

/** Tuning of {@link createRateLimiter}; the defaults suit an unknown limit of a few to a few hundred requests a second. */
export interface RateLimiterOptions {
  /** Requests per second at the start; 8 by default. */
  initialRate?: number;
  /** The rate never goes below this; 0.5 by default. */
  minRate?: number;
  /** Nor above this; 1 000 by default. */
  maxRate?: number;
  /** Factor applied to the rate on a 429; 0.8 by default. */
  decrease?: number;
  /** Requests per second added after a quiet spell; 1 by default. */
  increase?: number;
  /** Length of a quiet spell in milliseconds; 1 000 by default. */
  quietMs?: number;
  /** Longest pause a `Retry-After` can impose on the whole process; 120 000 ms by default. */
  maxPauseMs?: number;
}

/** What the limiter has seen, as {@link RateLimitError} and progress lines report it. */
export interface RateLimiterSnapshot {
  /** The rate allowed now, in requests per second. */
  rate: number;
  /** True until the first 429: the rate still doubles after each quiet spell. */
  slowStart: boolean;
  /** Requests let through so far. */
  requests: number;
  /** 429 answers seen so far. */
  tooManyRequests: number;
  /** Times the rate was decreased. */
  decreases: number;
  /** The `Retry-After` of the last 429 that had one, in milliseconds. */
  lastRetryAfterMs: number | undefined;
  /** While a `Retry-After` pause lasts: when it ends (epoch milliseconds). */
  pausedUntil: number | undefined;
  /** Callers waiting for their turn now. */
  waiting: number;
}

/** A request the limiter let through; hand it back to {@link RateLimiter.observe} with the answer. */
export interface RateLimitTicket {
  /** When the request was let through (the limiter's clock, milliseconds). */
  readonly sentAt: number;
}

/** How an attempt ended, as far as the limiter cares. */
export type RateLimitOutcome = { status: number; retryAfterMs?: number | undefined } | { status: "network" };

/** Paces requests; shared by every call of the clients it is given to. */
export interface RateLimiter {
  /** Waits for this request's turn; rejects with an `AbortError` if `signal` aborts first. */
  acquire(signal?: AbortSignal | null): Promise<RateLimitTicket>;
  /** Tells the limiter how the request let through with `ticket` ended. */
  observe(ticket: RateLimitTicket, outcome: RateLimitOutcome): void;
  /** What the limiter has seen so far. */
  snapshot(): RateLimiterSnapshot;
}

interface Waiter {
  resolve(ticket: RateLimitTicket): void;
  reject(error: unknown): void;
  signal: AbortSignal | null;
  onAbort?: () => void;
}

/** An option's value, or its default; refused with an `InvalidRequestError` unless a positive number. */
function positive(name: keyof RateLimiterOptions, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (typeof chosen !== "number" || !Number.isFinite(chosen) || chosen <= 0) throw new InvalidRequestError(name, `expected a positive number, got ${JSON.stringify(value)}`);
  return chosen;
}

/** An adaptive limiter (slow start, multiplicative decrease on 429, additive increase after quiet spells). */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const minRate = positive("minRate", options.minRate, 0.5);
  const maxRate = positive("maxRate", options.maxRate, 1000);
  const decrease = positive("decrease", options.decrease, 0.8);
  if (decrease >= 1) throw new InvalidRequestError("decrease", `expected a factor below 1, got ${decrease}`);
  const increase = positive("increase", options.increase, 1);
  const quietMs = positive("quietMs", options.quietMs, 1000);
  const maxPauseMs = positive("maxPauseMs", options.maxPauseMs, 120_000);
  const now = () => performance.now();

  let rate = Math.min(maxRate, Math.max(minRate, positive("initialRate", options.initialRate, 8)));
  let slowStart = true;
  let lastSent = Number.NEGATIVE_INFINITY;
  let pausedUntil = 0;
  let lastDecrease = Number.NEGATIVE_INFINITY;
  let spellStart = now();
  let saturated = false;
  let requests = 0;
  let tooManyRequests = 0;
  let decreases = 0;
  let lastRetryAfterMs: number | undefined;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Lets waiters through as their turns come, and arms one timer for the next turn. */
  const pump = (): void => {
    if (timer !== undefined) return;
    while (queue.length) {
      const t = now();
      const due = Math.max(lastSent + 1000 / rate, pausedUntil);
      if (due > t) {
        if (due > pausedUntil) saturated = true;
        timer = setTimeout(() => {
          timer = undefined;
          pump();
        }, due - t);
        return;
      }
      const waiter = queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      lastSent = t;
      requests++;
      waiter.resolve({ sentAt: t });
    }
  };

  /** Re-plans the next turn after the rate or a pause changed. */
  const replan = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pump();
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortError("aborted while waiting for the rate limiter", { cause: signal.reason }));
      return new Promise<RateLimitTicket>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, signal: signal ?? null };
        if (signal) {
          waiter.onAbort = () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            reject(new AbortError("aborted while waiting for the rate limiter", { cause: signal.reason }));
          };
          signal.addEventListener("abort", waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        pump();
      });
    },

    observe(ticket, outcome) {
      const t = now();
      if (outcome.status === 429) {
        tooManyRequests++;
        // One decrease per round: the 429s of requests sent before the last decrease were already counted.
        if (ticket.sentAt >= lastDecrease) {
          rate = Math.max(minRate, rate * decrease);
          slowStart = false;
          decreases++;
          lastDecrease = t;
          spellStart = t;
          saturated = false;
        }
        if (outcome.retryAfterMs !== undefined) {
          lastRetryAfterMs = outcome.retryAfterMs;
          pausedUntil = Math.max(pausedUntil, t + Math.min(outcome.retryAfterMs, maxPauseMs));
        }
        replan();
        return;
      }
      if (t - spellStart < quietMs) return;
      // A spell without 429 in which callers had to wait for their turn: the rate was the limit.
      if (saturated) {
        rate = Math.min(maxRate, slowStart ? rate * 2 : rate + increase);
        replan();
      }
      spellStart = t;
      saturated = false;
    },

    snapshot() {
      const t = now();
      return {
        rate,
        slowStart,
        requests,
        tooManyRequests,
        decreases,
        lastRetryAfterMs,
        pausedUntil: pausedUntil > t ? Date.now() + (pausedUntil - t) : undefined,
        waiting: queue.length,
      };
    },
  };
}
