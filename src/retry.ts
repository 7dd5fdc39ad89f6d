// When to retry and how long to wait. The one asymmetry: a request that is not replay-safe
// (it can create records and carries no idempotency key) is retried only when the server
// cannot have applied it.
import { parseRetryAfter } from "./errors.js";
import type { BackoffOptions } from "./options.js";

/** How one attempt ended. */
export type Outcome =
  | { kind: "response"; status: number; retryAfter: string | null }
  | { kind: "timeout" }
  | { kind: "connection"; refused: boolean };

/** Statuses worth another attempt. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses that say the request was not processed, so even a non-replay-safe request may be repeated. */
const notProcessedStatuses: ReadonlySet<number> = new Set([429, 503]);

/** Whether this outcome may be retried at all, before counting attempts. */
export function isRetryable(outcome: Outcome, replaySafe: boolean): boolean {
  switch (outcome.kind) {
    case "response":
      return replaySafe ? retryableStatuses.has(outcome.status) : notProcessedStatuses.has(outcome.status);
    case "timeout":
      return replaySafe;
    case "connection":
      return replaySafe || outcome.refused;
  }
}

/** Why a retry would be unsafe, for the warning logged when one is skipped; undefined when it is not. */
export function unsafeReplayReason(outcome: Outcome, replaySafe: boolean): string | undefined {
  if (replaySafe || isRetryable(outcome, true) === isRetryable(outcome, false)) return undefined;
  return "not retried: the server may have applied it, and repeating it could create records twice";
}

/**
 * Milliseconds to wait before retry number `retry` (0-based): the server's `Retry-After` when it
 * gave one within `maxRetryAfterMs`, otherwise capped exponential backoff with jitter.
 * `undefined` means the server asked for a longer wait than the client will sleep.
 */
export function retryDelay(retry: number, outcome: Outcome, backoff: Required<BackoffOptions>, random = Math.random): number | undefined {
  if (outcome.kind === "response") {
    const asked = parseRetryAfter(outcome.retryAfter);
    if (asked !== undefined) return asked <= backoff.maxRetryAfterMs ? asked : undefined;
  }
  const exponential = Math.min(backoff.initialMs * 2 ** retry, backoff.maxMs);
  return Math.round(exponential * (1 - random() * 0.25));
}

/** Sleeps, waking early (rejecting with the signal's reason) if `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
