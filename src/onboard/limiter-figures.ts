// The rate limiter's part of a progress event, which a run with input and a worker without one
// report alike: requests per second since the last tick, 429 answers since the run began (the
// limiter may be shared with other runs of the process), and the rate allowed now.
import type { RateLimiter } from "../rate-limiter.js";
import type { ProgressEvent } from "./events.js";

/** What {@link LimiterFigures.next} fills in of a progress event. */
export type LimiterProgress = Pick<ProgressEvent, "requestsPerSecond" | "tooManyRequests" | "allowedRate">;

/** Reads the limiter tick by tick; the first tick's rate counts from construction. */
export class LimiterFigures {
  readonly #limiter: RateLimiter | undefined;
  readonly #baselineTooMany: number;
  #lastRequests: number;
  #lastAt = performance.now();

  /** `baselineTooMany`: the limiter's 429 count when the run began. */
  constructor(limiter: RateLimiter | undefined, baselineTooMany: number) {
    this.#limiter = limiter;
    this.#baselineTooMany = baselineTooMany;
    this.#lastRequests = limiter?.snapshot().requests ?? 0;
  }

  /** The figures now; the next call's rate counts from here. */
  next(): LimiterProgress {
    const snapshot = this.#limiter?.snapshot();
    const now = performance.now();
    const requests = snapshot?.requests ?? 0;
    const figures = {
      requestsPerSecond: Math.round(((requests - this.#lastRequests) / Math.max(1, now - this.#lastAt)) * 10_000) / 10,
      tooManyRequests: (snapshot?.tooManyRequests ?? 0) - this.#baselineTooMany,
      allowedRate: snapshot ? Math.round(snapshot.rate * 10) / 10 : null,
    };
    this.#lastRequests = requests;
    this.#lastAt = now;
    return figures;
  }
}
