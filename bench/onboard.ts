// `npm run bench`, onboarding at scale: the adaptive limiter against a fake limited to 20
// requests/s, side by side with a plain fixed-concurrency loop; the journal's cost per record on
// PGlite and on PostgreSQL; records per second with no limit, where the package is the bottleneck.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Client from "../src/index.js";
import type * as Onboard from "../src/onboard/index.js";
import { Journal, type Sql } from "../src/onboard/journal.js";
import { type FakeCircle, startFakeCircle } from "../test/support/fake-circle/server.js";
import { customer, type GeneratedRecord, writeInput } from "../test/support/onboard-input.js";
import { type PostgresServer, startPostgres } from "../test/support/postgres.js";

/** How `run.ts` prints a figure and a section. */
export interface Reporter {
  figure(name: string, value: number, unit: string, anchor?: { value: number; name: string }, digits?: number): void;
  section(title: string): void;
}

// The built package, as users run it (the journal's class is internal, so it is measured from the sources).
const { createOnboardingClient } = (await import(new URL("../dist/esm/src/index.js", import.meta.url).href)) as typeof Client;
const { onboard } = (await import(new URL("../dist/esm/src/onboard/index.js", import.meta.url).href)) as typeof Onboard;
type OnboardingClient = Client.OnboardingClient;

const limit = 20;

/** One customer the way a hand-written loop does it: the same calls, no journal, no queue. */
async function onboardPlainly(circle: OnboardingClient, record: GeneratedRecord, dir: string): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const { applicationId } = await circle.clients.create(record.client);
  await circle.applications.schema(applicationId);
  const saved = await circle.applications.saveData(applicationId, record.data as never);
  const owners = (saved.data as Record<string, { refId: string }[]>).beneficial_owners ?? [];
  for (const doc of record.documents) {
    const entity = doc.entity as { index: number } | undefined;
    await circle.documents.upload(applicationId, {
      file: new Blob([await readFile(join(dir, doc.path as string))]),
      fileName: (doc.path as string).split("/").pop()!,
      datumName: doc.datumName as string,
      documentType: "passport",
      issuedCountry: "US",
      ...(entity ? { refId: owners[entity.index]!.refId } : {}),
    });
  }
  const certifications = await circle.applications.certifications(applicationId);
  await circle.applications.submit(applicationId, { ...record.submit, certificationIds: certifications.map((c) => c.id) });
}

/** A plain loop: `concurrency` callers taking records in turn; records that fail are counted. */
async function plainLoop(fake: FakeCircle, records: GeneratedRecord[], dir: string, concurrency: number, maxRetries: number): Promise<{ failed: number }> {
  const circle = createOnboardingClient({ token: fake.token, baseUrl: fake.url, logLevel: "off", maxRetries });
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < records.length) {
        const record = records[next++]!;
        await onboardPlainly(circle, record, dir).catch(() => failed++);
      }
    }),
  );
  return { failed };
}

/** Requests the fake answered from the first request of the work (after the key check) to the last, as rates. */
function rates(fake: FakeCircle) {
  const seconds = (fake.requests.lastAt - fake.requests.firstAt) / 1000;
  const useful = fake.requests.total - fake.requests.keyChecks - fake.requests.tooMany;
  return { seconds, useful: useful / seconds, tooManyShare: fake.requests.tooMany / fake.requests.total, total: fake.requests.total };
}

/** The same statements a record with three documents makes to the journal, for `n` records. */
async function journalRound(sql: Sql, n: number): Promise<{ msPerRecord: number; statementsPerRecord: number }> {
  const journal = new Journal(sql, `https://bench.invalid/${Date.now()}`, 60_000);
  await journal.migrate();
  const refs = Array.from({ length: n }, (_, i) => `bench-${i}`);
  const owner = "bench";
  const started = performance.now();
  await journal.admit(refs.map((ref, i) => ({ ref, line: i + 1, input: customer(i), hash: ref })));
  for (const ref of refs) {
    await journal.lease(ref, owner);
    await journal.steps(ref);
    for (const step of ["create", "data", "document:0", "document:1", "document:2", "submit"]) {
      await journal.startStep(ref, owner, step, { idempotencyKey: crypto.randomUUID(), inputHash: "h" });
      await journal.finishStep(ref, step, { ok: true });
    }
    await journal.setIds(ref, crypto.randomUUID(), crypto.randomUUID());
    await journal.settle(ref, owner, "submitted", null, null);
  }
  await journal.counts(refs);
  const ms = performance.now() - started;
  return { msPerRecord: ms / n, statementsPerRecord: journal.statements / n };
}

/** Runs the onboarding figures. */
export async function onboardBench({ figure, section }: Reporter): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "circle-bench-onboard-"));
  let postgres: PostgresServer | undefined;
  try {
    section(`9. Onboarding against a fake limited to ${limit} requests/s (token bucket, burst ${limit}, Retry-After in whole seconds)`);
    const n = 60;
    const limited = async (concurrency: "auto" | number, plain: boolean, offset: number) => {
      const fake = await startFakeCircle({ rateLimit: { perSecond: limit } });
      try {
        const records = Array.from({ length: n }, (_, i) => customer(offset + i));
        const dir = join(work, `limited-${offset}`);
        const input = await writeInput(dir, records);
        let failed = 0;
        const started = performance.now();
        if (plain) failed = (await plainLoop(fake, records, dir, concurrency as number, 10)).failed;
        else {
          const result = await onboard({ input, token: fake.token, baseUrl: fake.url, stateDir: join(dir, "state"), concurrency, report: false });
          failed = result.summary.total - result.summary.submitted;
        }
        return { ...rates(fake), failed, submitted: fake.model.counts.submissions, startupMs: fake.requests.firstAt - started };
      } finally {
        await fake.close();
      }
    };
    const adaptive = await limited("auto", false, 10_000);
    const loop = await limited(8, true, 20_000);
    figure(`onboard (adaptive limiter, concurrency auto), useful requests/s as a share of ${limit}`, adaptive.useful / limit, "", { value: loop.useful / limit, name: "plain loop, 8 in flight" }, 3);
    figure("onboard, share of requests answered 429", adaptive.tooManyShare * 100, "%", undefined, 2);
    figure(`plain loop (8 in flight, 10 retries honouring Retry-After), useful requests/s as a share of ${limit}`, loop.useful / limit, "", undefined, 3);
    figure("plain loop, share of requests answered 429", loop.tooManyShare * 100, "%", undefined, 2);
    figure(`records submitted of ${n}, onboard / plain loop`, adaptive.submitted, `/ ${loop.submitted}`);
    figure("onboard, start-up before the first record request (embedded database, pg-boss, key check): outside the rates above", adaptive.startupMs, "ms", undefined, 0);

    section("10. The journal's cost per record (lease, 6 steps started and done, ids, settle: the statements of a record with 3 documents)");
    const { PGlite } = await import("@electric-sql/pglite");
    const { fromPglite } = await import("pg-boss");
    const pglite = new PGlite(join(work, "journal-pgdata"));
    const embedded = await journalRound(fromPglite(pglite), 200);
    await pglite.close();
    postgres = await startPostgres().catch((error: Error) => {
      console.log(`PostgreSQL figures skipped: ${error.message}`);
      return undefined;
    });
    figure("journal on PGlite (embedded, on disk)", embedded.msPerRecord, "ms/record", undefined, 2);
    figure("journal statements per record", embedded.statementsPerRecord, "", undefined, 1);
    if (postgres) {
      const { PgBoss } = await import("pg-boss");
      const boss = new PgBoss({ connectionString: postgres.url, schema: "bench_queue", supervise: false, schedule: false });
      await boss.start();
      const server = await journalRound(boss.getDb(), 200);
      await boss.stop({ graceful: false });
      figure("journal on PostgreSQL (local server, fsync off)", server.msPerRecord, "ms/record", { value: embedded.msPerRecord, name: "PGlite" }, 2);
    }

    section("11. Records per second with no rate limit (the fake answers at once): where the package is the bottleneck");
    const unlimited = async (concurrency: "auto" | number, plain: boolean, offset: number) => {
      const fake = await startFakeCircle();
      try {
        const records = Array.from({ length: 200 }, (_, i) => customer(offset + i));
        const dir = join(work, `unlimited-${offset}`);
        const input = await writeInput(dir, records);
        const started = performance.now();
        if (plain) await plainLoop(fake, records, dir, concurrency as number, 2);
        else await onboard({ input, token: fake.token, baseUrl: fake.url, stateDir: join(dir, "state"), concurrency, report: false, rateLimiter: false });
        return { total: records.length / ((performance.now() - started) / 1000), working: records.length / ((fake.requests.lastAt - fake.requests.firstAt) / 1000) };
      } finally {
        await fake.close();
      }
    };
    const plain16 = await unlimited(16, true, 30_000);
    const auto = await unlimited("auto", false, 40_000);
    const fixed16 = await unlimited(16, false, 50_000);
    figure("plain loop, 16 in flight (no journal, no queue)", plain16.working, "records/s");
    figure("onboard, concurrency 16, embedded PGlite, first to last request", fixed16.working, "records/s", { value: plain16.working, name: "plain loop" });
    figure("onboard, concurrency auto, embedded PGlite, first to last request", auto.working, "records/s", { value: plain16.working, name: "plain loop" });
    figure("onboard, concurrency 16, whole call (creating the database, starting pg-boss, the report)", fixed16.total, "records/s");
  } finally {
    await postgres?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
