// How many records this process works on at once. A fixed number, or `auto`: start small, open
// up while the rate limiter has turns to spare and every worker is busy, close down while records
// queue for the limiter (more records in flight would only wait longer, and leave more steps
// with an unknown outcome if the process dies).
import type { RateLimiter } from "../rate-limiter.js";

/** What `auto` resizes: the record workers. */
export interface Resizable {
  /** Records being worked on now. */
  readonly busy: number;
  /** How many may be, now. */
  readonly limit: number;
  resize(limit: number): void;
}

/** `auto`'s size to start with. */
export const autoStart = 4;

/** `auto`: one step of adjustment, run every second or so, from what the limiter and the workers show. */
export function autoResize(workers: Resizable, limiter: RateLimiter | undefined): void {
  const waiting = limiter?.snapshot().waiting ?? 0;
  if (waiting > Math.max(1, workers.limit / 2)) workers.resize(workers.limit - 1);
  else if (waiting === 0 && workers.busy >= workers.limit) workers.resize(workers.limit + 1);
}
