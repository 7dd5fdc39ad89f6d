// This process's workers of the record queue: one pg-boss worker per record it may work on at
// once, each running the record it claims at once. pg-boss marks a job active when a worker claims
// it and counts active jobs against the account's group concurrency, so a job claimed and left
// waiting in the process would hold a slot the rest of a fleet could use, and start late (during
// a stop's grace, say). Resizing adds workers, which claim at once, or removes them: a removed
// worker finishes its record and claims no more.
import type { Job, PgBoss, WorkOptions } from "pg-boss";

/** One pg-boss worker. */
interface Slot {
  /** pg-boss's worker id; set once `work()` has returned. */
  id: string;
  busy: boolean;
}

/** What {@link RecordWorkers} is made with. */
export interface RecordWorkersOptions<T> {
  boss: PgBoss;
  queue: string;
  /** Each worker's pg-boss options (polling, group concurrency); one job at a time. */
  work: Omit<WorkOptions, "batchSize" | "localConcurrency">;
  /** The most workers there may be. */
  max: number;
  /** Works on one claimed job; a throw fails the job, which pg-boss retries. */
  handler: (job: Job<T>) => Promise<void>;
  /** How long a worker that finished a job waits before asking for the next (0: at once, not at its next poll). */
  nextAfterMs: () => number;
}

/** The record queue's workers of this process, as many as records it works on at once. */
export class RecordWorkers<T> {
  readonly #options: RecordWorkersOptions<T>;
  readonly #slots: Slot[] = [];
  #size = 0;
  #closed = false;
  /** Workers are added and removed one change at a time (adding one waits for pg-boss). */
  #changes: Promise<void> = Promise.resolve();
  /** The last change, with its failure if it failed. */
  #last: Promise<void> = Promise.resolve();

  constructor(options: RecordWorkersOptions<T>) {
    this.#options = options;
  }

  /** Records being worked on now. */
  get busy(): number {
    return this.#slots.filter((s) => s.busy).length;
  }

  /** How many workers there are to be. */
  get limit(): number {
    return this.#size;
  }

  /** Changes how many workers there are, within 1 and the maximum. */
  resize(size: number): void {
    this.#size = Math.max(1, Math.min(this.#options.max, Math.round(size)));
    this.#last = this.#changes.then(() => this.#apply());
    // A failed change does not stop the next one (the next resize tries again).
    this.#changes = this.#last.catch(() => undefined);
  }

  /** Resolves once the workers asked for so far are started; rejects if pg-boss refused the last change. */
  settled(): Promise<void> {
    return this.#last;
  }

  /** Stops every worker: none claims another job. Resolves once the records they hold are done. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#changes;
    // By queue, not by id: removed workers still finishing a record are waited for too.
    await this.#options.boss.offWork(this.#options.queue, { wait: true });
  }

  async #apply(): Promise<void> {
    while (!this.#closed && this.#slots.length < this.#size) this.#slots.push(await this.#start());
    while (this.#slots.length > this.#size) {
      // An idle worker first: it stops at once, where a busy one finishes its record first.
      const idle = this.#slots.findIndex((s) => !s.busy);
      const [slot] = this.#slots.splice(idle >= 0 ? idle : this.#slots.length - 1, 1);
      await this.#options.boss.offWork(this.#options.queue, { id: slot!.id, wait: false });
    }
  }

  async #start(): Promise<Slot> {
    const { boss, queue, work, handler, nextAfterMs } = this.#options;
    const slot: Slot = { id: "", busy: false };
    slot.id = await boss.work<T>(queue, { ...work, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      slot.busy = true;
      try {
        await handler(job);
      } finally {
        slot.busy = false;
        const next = () => boss.notifyWorker(slot.id);
        const delay = nextAfterMs();
        if (delay > 0) setTimeout(next, delay).unref();
        else next();
      }
    });
    return slot;
  }
}
