// With `auto` concurrency a process claims from the queue only the records it works on now:
// pg-boss counts claimed (active) jobs against an account's group concurrency, so a process that
// claimed more than it ran would hold slots the other workers of a fleet could use, and start the
// extra records late. And once a stop is asked for, no record is started. On PostgreSQL, whose
// job table another connection can read while the run goes on.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { onboard } from "../../src/onboard/index.js";
import { queueNamesOf } from "../../src/onboard/queue.js";
import { queueSchema } from "../../src/onboard/store.js";
import { createRateLimiter, type RateLimiter } from "../../src/rate-limiter.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { customer, writeInput } from "../support/onboard-input.js";
import { type PostgresServer, startPostgres } from "../support/postgres.js";

let postgres: PostgresServer;
let dir: string;
const fakes: FakeCircle[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), "circle-workers-"));
}, 60_000);
afterAll(async () => {
  await Promise.all([...fakes.map((f) => f.close()), postgres?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

/** A fetch that holds every client creation until `release()` (after which none is held), counting them. */
function holdingCreates() {
  const held: (() => void)[] = [];
  let holding = true;
  const counts = { creates: 0, held: 0 };
  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    if (request.method === "POST" && new URL(request.url).pathname === "/v1/partner/clients") {
      counts.creates++;
      if (holding) {
        counts.held++;
        await new Promise<void>((resolve) => held.push(resolve));
      }
    }
    return globalThis.fetch(request, init);
  };
  const release = () => {
    holding = false;
    for (const resume of held.splice(0)) resume();
  };
  return { fetch, counts, release };
}

/**
 * A limiter whose snapshot shows `waiting` callers waiting. With one, `auto` neither opens up
 * (that needs none waiting) nor closes down (that needs more than half the limit), so it stays at 4.
 */
function limiterShowing(waiting: number): RateLimiter {
  const limiter = createRateLimiter();
  return { acquire: (signal) => limiter.acquire(signal), observe: (ticket, outcome) => limiter.observe(ticket, outcome), snapshot: () => ({ ...limiter.snapshot(), waiting }) };
}

/** Starts a run of 12 records with `auto` concurrency whose client creations are held; resolves once `atLeast` are held. */
async function heldRun(name: string, waiting = 1, atLeast = 4) {
  const fake = await startFakeCircle();
  fakes.push(fake);
  const input = await writeInput(join(dir, name), Array.from({ length: 12 }, (_, i) => customer(7000 + i)));
  const hold = holdingCreates();
  const stop = new AbortController();
  const run = onboard({
    input,
    token: fake.token,
    baseUrl: fake.url,
    databaseUrl: postgres.url,
    concurrency: "auto",
    rateLimiter: limiterShowing(waiting),
    client: { fetch: hold.fetch },
    signal: stop.signal,
    report: false,
    tuning: { pollIntervalSeconds: 0.5, progressIntervalMs: 200, graceMs: 20_000 },
  });
  run.catch(() => undefined);
  await vi.waitFor(() => expect(hold.counts.held).toBeGreaterThanOrEqual(atLeast), { timeout: 20_000, interval: 20 });
  return { fake, hold, stop, run };
}

it("claims only the records it works on", async () => {
  const { fake, hold, stop, run } = await heldRun("claims");
  expect(hold.counts.held).toBe(4);
  const probe = new PgBoss({ connectionString: postgres.url, schema: queueSchema, supervise: false, schedule: false, migrate: false });
  probe.on("error", () => undefined);
  await probe.start();
  try {
    const jobs = await probe.findJobs(queueNamesOf(fake.url).records);
    expect(jobs.filter((job) => job.state === "active")).toHaveLength(hold.counts.held);
  } finally {
    await probe.stop({ graceful: false });
    stop.abort();
    hold.release();
    await run;
  }
}, 60_000);

it("starts no record once a stop is asked for: those in flight finish, the rest stay queued", async () => {
  const { hold, stop, run } = await heldRun("stop");
  stop.abort();
  hold.release();
  const { summary } = await run;
  expect(hold.counts.creates).toBe(4);
  expect(summary).toMatchObject({ total: 12, submitted: 4, unfinished: 8 });
}, 60_000);

it("opens up while every worker is busy and the limiter has turns to spare", async () => {
  // Nobody waits for the limiter and the 4 are held: a worker is added every second.
  const { hold, stop, run } = await heldRun("grow", 0, 6);
  stop.abort();
  hold.release();
  const { summary } = await run;
  // Every record whose client was created went on to the end.
  expect(summary.submitted).toBe(hold.counts.creates);
}, 60_000);
