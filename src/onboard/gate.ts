// How many records this process works on at once. A fixed number, or `auto`: start small, open
// up while the rate limiter has turns to spare and every slot is busy, close down while records
// queue for the limiter (more records in flight would only wait longer, and leave more steps
// with an unknown outcome if the process dies).
import type { RateLimiter } from "../rate-limiter.js";

/** A counting gate whose size can change while it is used. */
export class RecordGate {
  #limit: number;
  readonly #max: number;
  #busy = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number, max = limit) {
    this.#limit = limit;
    this.#max = max;
  }

  /** Records in flight now. */
  get busy(): number {
    return this.#busy;
  }

  /** The current size. */
  get limit(): number {
    return this.#limit;
  }

  /** Waits for a slot; the function returned frees it. Rejects if `signal` aborts first. */
  async enter(signal: AbortSignal): Promise<() => void> {
    if (this.#busy < this.#limit && this.#waiting.length === 0) this.#busy++;
    else {
      // A waiter is woken with its slot already counted, so no newcomer can take it in between.
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.#waiting.indexOf(wake);
          if (at >= 0) this.#waiting.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        this.#waiting.push(wake);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#busy--;
      this.#wake();
    };
  }

  /** Changes the size, within 1 and the maximum. */
  resize(limit: number): void {
    this.#limit = Math.max(1, Math.min(this.#max, Math.round(limit)));
    this.#wake();
  }

  #wake(): void {
    while (this.#busy < this.#limit && this.#waiting.length) {
      this.#busy++;
      this.#waiting.shift()!();
    }
  }
}

/** `auto`: one step of adjustment, run every second or so, from what the limiter and the gate show. */
export function autoResize(gate: RecordGate, limiter: RateLimiter | undefined): void {
  const waiting = limiter?.snapshot().waiting ?? 0;
  if (waiting > Math.max(1, gate.limit / 2)) gate.resize(gate.limit - 1);
  else if (waiting === 0 && gate.busy >= gate.limit) gate.resize(gate.limit + 1);
}
