// Crash and resume: the bin, as a child process on the embedded database, killed with SIGKILL at
// random moments and started again with the same arguments, over a fake that also fails after
// applying some effects. In the end every record is submitted exactly once: the fake counts
// exactly one client, one entity per owner, one document per file and one submission per record.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startCli } from "../support/cli-process.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { customer, expectedEffects, writeInput } from "../support/onboard-input.js";
import { seeded } from "../support/seeded.js";

const records = Array.from({ length: 200 }, (_, i) => customer(i + 1));
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

let fake: FakeCircle;
let dir: string;
beforeAll(async () => {
  fake = await startFakeCircle({
    seed,
    faults: { errorAfterEffect: 0.04, resetAfterEffect: 0.03, errorBeforeEffect: 0.02, resetBeforeEffect: 0.01, readError: 0.02, delayMs: [0, 4] },
  });
  dir = await mkdtemp(join(tmpdir(), "circle-crash-"));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

it(`submits ${records.length} records exactly once across repeated SIGKILLs (seed ${seed})`, async () => {
  const input = await writeInput(dir, records);
  const args = ["onboard", "--input", input, "--base-url", fake.url, "--state-dir", join(dir, "state"), "--json", "--retry-delay-seconds", "1", "--poll-seconds", "0.5", "--timeout-ms", "5000", "--grace-seconds", "1"];
  const env = { CIRCLE_API_KEY: fake.token };
  const random = seeded(seed);
  const kills: string[] = [];
  const steps = { sent: 0, found: 0, reconciled: 0 };
  const count = (events: Record<string, unknown>[]) => {
    for (const e of events) if (e.type === "step") steps[e.how as keyof typeof steps]++;
  };

  for (let round = 0; round < 6; round++) {
    const cli = startCli(args, env);
    // The first kill may land anywhere, the database's creation included; later ones once records are moving.
    const moment = round === 0 ? 300 + random() * 5000 : random() * 1500;
    if (round > 0) await cli.waitFor((e) => e.type === "record" || e.type === "summary");
    await new Promise((resolve) => setTimeout(resolve, moment));
    if (cli.child.exitCode === null && cli.child.kill("SIGKILL")) kills.push(`${Math.round(moment)} ms${round > 0 ? " after the first record event" : " after start"}`);
    await cli.exit;
    count(cli.events);
  }
  const last = startCli(args, env);
  const code = await last.exit;
  count(last.events);
  expect(code, last.stderr()).toBe(0);
  const summary = last.events.find((e) => e.type === "summary")!;
  expect(summary).toMatchObject({ total: records.length, submitted: records.length, stopped: 0, failed: 0, invalid: 0 });

  expect(kills.length).toBeGreaterThanOrEqual(5);
  expect(fake.model.duplicates()).toEqual([]);
  expect(fake.model.counts).toEqual({ ...expectedEffects(records), entityUpdates: 0 });
  for (const app of fake.model.applications.values()) expect(app.status).toBe("SUBMITTED");
  // The unknown outcomes (kills, and answers lost after the effect) were settled by reconciling, not by repeating.
  expect(fake.requests.injected).toBeGreaterThan(0);
  expect(steps.reconciled + steps.found).toBeGreaterThan(0);

  const report = (await readFile(join(dir, "state", "report.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(report).toHaveLength(records.length);
  const byName = new Map(fake.model.clients.map((c) => [c.clientName, c]));
  for (const [i, line] of report.entries()) {
    const client = byName.get(records[i]!.client.clientName)!;
    expect(line).toMatchObject({ ref: records[i]!.ref, state: "submitted", clientEntityId: client.clientEntityId, applicationId: client.applicationId });
  }
  console.log(
    `crash test (seed ${seed}): ${kills.length} SIGKILLs (${kills.join(", ")}), ${records.length} records; the fake counted ${JSON.stringify(fake.model.counts)}, ` +
      `${fake.requests.total} requests (${fake.requests.injected} injected faults, ${fake.requests.replays} key replays); steps sent ${steps.sent}, found done ${steps.found}, reconciled ${steps.reconciled}`,
  );
}, 240_000);
