// A fleet: three processes on one real PostgreSQL server (started by the test) share one input,
// one enqueuing and waiting, two as `--worker`s, and one worker is killed with SIGKILL mid-run.
// Its records come back to the others (pg-boss's heartbeat check, then the journal's lease), and
// in the end every record is submitted exactly once; pg-boss's group concurrency kept the
// account's calls in flight within --account-concurrency across all three processes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type CliProcess, startCli } from "../support/cli-process.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { customer, expectedEffects, writeInput } from "../support/onboard-input.js";
import { type PostgresServer, startPostgres } from "../support/postgres.js";

const records = Array.from({ length: 150 }, (_, i) => customer(5000 + i));
const accountConcurrency = 3;

let fake: FakeCircle;
let postgres: PostgresServer;
let dir: string;
const processes: CliProcess[] = [];
beforeAll(async () => {
  [fake, postgres] = await Promise.all([startFakeCircle({ faults: { errorAfterEffect: 0.03, resetAfterEffect: 0.02, delayMs: [1, 6] } }), startPostgres()]);
  dir = await mkdtemp(join(tmpdir(), "circle-fleet-"));
}, 60_000);
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  await Promise.all([fake?.close(), postgres?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

const settled = (p: CliProcess) => p.events.filter((e) => e.type === "record" && e.state === "submitted").length;

it(`three workers on PostgreSQL submit ${records.length} records exactly once while one of them is killed`, async () => {
  const input = await writeInput(dir, records);
  const common = ["--database-url", postgres.url, "--base-url", fake.url, "--json", "--concurrency", "4", "--account-concurrency", String(accountConcurrency)];
  const tuning = ["--heartbeat-seconds", "10", "--supervise-seconds", "1", "--lease-seconds", "6", "--timeout-ms", "3000", "--retry-delay-seconds", "1", "--poll-seconds", "0.5", "--grace-seconds", "2"];
  const env = { CIRCLE_API_KEY: fake.token };
  const workers = [startCli(["onboard", "--worker", ...common, ...tuning], env), startCli(["onboard", "--worker", ...common, ...tuning], env)];
  processes.push(...workers);
  const coordinator = startCli(["onboard", "--input", input, "--state-dir", join(dir, "state"), ...common, ...tuning], env);
  processes.push(coordinator);

  // Kill the first worker once it is in the middle of things: some records done, one in its hands.
  const victim = workers[0]!;
  const steps = (p: CliProcess) => p.events.filter((e) => e.type === "step").length;
  const busy = victim.waitFor(() => settled(victim) >= 2 && steps(victim) > 0 && victim.events.at(-1)?.type === "step");
  const over = coordinator.exit.then(() => Promise.reject(new Error(`the run ended before the worker to kill had work (it submitted ${settled(victim)})`)));
  await Promise.race([busy, over]);
  victim.child.kill("SIGKILL");
  expect(await victim.exit).toBe("SIGKILL");

  const code = await coordinator.exit;
  expect(code, coordinator.stderr()).toBe(0);
  workers[1]!.child.kill("SIGTERM");
  expect(await workers[1]!.exit, workers[1]!.stderr()).toBe(0);

  expect(coordinator.events.find((e) => e.type === "summary")).toMatchObject({ total: records.length, submitted: records.length, stopped: 0, failed: 0 });
  expect(fake.model.duplicates()).toEqual([]);
  expect(fake.model.counts).toEqual({ ...expectedEffects(records), entityUpdates: 0 });
  for (const app of fake.model.applications.values()) expect(app.status).toBe("SUBMITTED");
  // Every process did part of the work, and the account never had more calls in flight than allowed.
  const shares = [settled(victim), settled(workers[1]!), settled(coordinator)];
  for (const share of shares) expect(share).toBeGreaterThan(0);
  expect(fake.requests.maxInFlight).toBeLessThanOrEqual(accountConcurrency);
  console.log(
    `fleet test: ${records.length} records over 3 processes on PostgreSQL (submitted by each: ${shares.join(", ")}; the first killed after ${shares[0]}); ` +
      `the fake counted ${JSON.stringify(fake.model.counts)}, ${fake.requests.total} requests, at most ${fake.requests.maxInFlight} in flight`,
  );
}, 180_000);
