// `onboard()`: a whole run. Reads and checks the input, opens the queue and journal (embedded
// PGlite or PostgreSQL), records and enqueues the records, works the queue until every record of
// the input is final (or, as a fleet worker, until stopped), and writes the report.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import type { PgBoss } from "pg-boss";
import { createOnboardingClient, type OnboardingClient } from "../client.js";
import { InvalidRequestError } from "../errors.js";
import { assertTokenShape, checkBaseUrl, type ClientOptions, type Environment, environments, type TokenSource } from "../options.js";
import { createRateLimiter, type RateLimiter } from "../rate-limiter.js";
import { sleep } from "../retry.js";
import { createSchemaValidator, type SchemaValidator } from "../sections/index.js";
import type { OnboardEvent, RecordEvent, SummaryEvent } from "./events.js";
import { OnboardConfigError } from "./config-error.js";
import { autoResize, autoStart } from "./concurrency.js";
import { type PreparedRecord, prepareInput, type RecordSource } from "./input.js";
import { Journal, LeaseLostError, type RecordRow } from "./journal.js";
import { LimiterFigures } from "./limiter-figures.js";
import { RunAbort, stopFor } from "./outcome.js";
import { accountGroupOf, enqueue, ensureQueues, type QueueNames, queueNamesOf, type RecordJob, recoverOrphans, type RetryPolicy } from "./queue.js";
import type { InputProblem } from "./record.js";
import { type ReportLine, reportLines, writeReport } from "./report.js";
import { checkAgainstSchema } from "./schema-check.js";
import { SchemaCache } from "./schemas.js";
import { RecordAttempt } from "./steps.js";
import { checkDatabaseUrl, openEmbedded, openPostgres, type Store } from "./store.js";
import { RecordWorkers } from "./workers.js";

/** Timings and limits a run works with; the defaults suit Circle, tests shorten them. */
export interface OnboardTuning {
  /** How long a record stays with a worker after its last step start or renewal; 120 000 ms. */
  leaseMs?: number;
  /** Retries of a record after a failed attempt before it is dead-lettered; 5. */
  retryLimit?: number;
  /** First retry delay in seconds, doubled (with jitter) each time; 5. */
  retryDelaySeconds?: number;
  /** Longest retry delay; 300 s. */
  retryDelayMaxSeconds?: number;
  /** A worker that stops heartbeating for this long loses its record to another (≥ 10); 30 s. */
  heartbeatSeconds?: number;
  /** How often an idle worker looks for records (≥ 0.5); 1 s. */
  pollIntervalSeconds?: number;
  /** How often pg-boss looks for jobs of dead workers; 15 s. */
  superviseIntervalSeconds?: number;
  /** How often progress is computed and reported; 1 000 ms. */
  progressIntervalMs?: number;
  /** How far Circle's clock may be behind the database's; 300 000 ms. */
  clockSkewMs?: number;
  /** How long records in flight get to finish when the run stops; 30 000 ms. */
  graceMs?: number;
}

/** Options of {@link onboard}. */
export interface OnboardOptions {
  /** A JSON Lines file, or the records themselves. Leave it out for a fleet worker (`worker: true`). */
  input?: string | AsyncIterable<unknown> | Iterable<unknown>;
  /** Where relative document paths of an iterable's records start; the working directory by default. */
  baseDir?: string;
  /** Circle API key (or a function returning one); not needed for a dry run. */
  token?: TokenSource;
  environment?: Environment;
  /** Overrides `environment` (a mock, a proxy). */
  baseUrl?: string;
  /** The embedded database's directory (and the report's default place); `.circle-onboarding` by default. */
  stateDir?: string;
  /** A PostgreSQL server for the queue and journal instead of the embedded database: `postgres://…`. */
  databaseUrl?: string;
  /** Work the queue until `signal` aborts, with or without input of its own (needs `databaseUrl`). */
  worker?: boolean;
  /** Records in flight in this process: a number, or `auto` (the default) to follow the rate limiter. */
  concurrency?: number | "auto";
  /** Records in flight for this partner account across a whole fleet (pg-boss group concurrency); 16. */
  accountConcurrency?: number;
  /** Check the input (and with `schemas`, its data) and report; nothing is stored or sent. */
  dryRun?: boolean;
  /** Application schemas by nature of business: records of those are validated before anything is sent. */
  schemas?: Record<string, unknown>;
  /** Where to write the report (`.csv` for CSV, JSON Lines otherwise); `<stateDir>/report.jsonl` by default (none for a worker without input); `false` for none. */
  report?: string | false;
  /** Called with every event as it happens. */
  onEvent?: (event: OnboardEvent) => void;
  /** Stops the run: records in flight get `graceMs` to finish, the rest stay queued for the next run. */
  signal?: AbortSignal;
  /** The adaptive limiter every call goes through; by default one per API base URL for the whole process; `false` for none. */
  rateLimiter?: RateLimiter | false;
  /** Client settings besides the token and base URL. */
  client?: Pick<ClientOptions, "timeoutMs" | "maxRetries" | "backoff" | "fetch" | "logger" | "logLevel">;
  tuning?: OnboardTuning;
}

/** What a run came to. */
export interface OnboardResult {
  summary: SummaryEvent;
  /** One line per record of the input (or, for a worker, per record it settled). */
  records: ReportLine[];
  /** What the input checks refused. */
  problems: InputProblem[];
}

/** The default state directory. */
export const defaultStateDir = ".circle-onboarding";

const defaults: Required<OnboardTuning> = {
  leaseMs: 120_000,
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryDelayMaxSeconds: 300,
  heartbeatSeconds: 30,
  pollIntervalSeconds: 1,
  superviseIntervalSeconds: 15,
  progressIntervalMs: 1000,
  clockSkewMs: 300_000,
  graceMs: 30_000,
};

const finalStates = new Set(["submitted", "stopped", "failed"]);

/** Onboards every record of the input, exactly once across crashes and restarts. */
export async function onboard(options: OnboardOptions): Promise<OnboardResult> {
  const started = performance.now();
  const tuning = { ...defaults, ...options.tuning };
  const emit = (event: OnboardEvent) => options.onEvent?.(event);
  checkOptions(options);
  const stateDir = resolve(options.stateDir ?? defaultStateDir);
  // A worker without input of its own writes a report only when asked to.
  const reportFile = options.report === false ? null : options.report !== undefined ? resolve(options.report) : options.input === undefined ? null : join(stateDir, "report.jsonl");

  // 1. The input, checked whole before anything is stored or sent.
  let records: PreparedRecord[] = [];
  let problems: InputProblem[] = [];
  if (options.input !== undefined) {
    const source: RecordSource =
      typeof options.input === "string" ? { file: options.input } : { records: options.input, ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }) };
    const prepared = await prepareInput(source).catch((error: NodeJS.ErrnoException) => {
      throw new OnboardConfigError(`--input: cannot read ${String(options.input)} (${error.code ?? error.message})`);
    });
    ({ records, problems } = prepared);
    if (options.schemas) {
      const upFront = validateUpFront(records, options.schemas);
      records = upFront.records;
      problems = [...problems, ...upFront.problems].sort((a, b) => a.line - b.line);
    }
    for (const problem of problems) emit({ type: "invalid", ...problem });
  }
  // A dry run, or an input with nothing valid in it: no database, no request.
  if (options.dryRun || (options.input !== undefined && records.length === 0 && !options.worker)) {
    if (options.dryRun) emit({ type: "start", store: options.databaseUrl ? "postgres" : "embedded", records: records.length, valid: records.length, invalid: countLines(problems), alreadySubmitted: 0, requeued: 0, dryRun: true });
    const lines = reportLines([], problems);
    if (reportFile) await writeReport(reportFile, lines);
    const summary: SummaryEvent = { type: "summary", total: records.length + countLines(problems), submitted: 0, stopped: 0, failed: 0, invalid: countLines(problems), unfinished: 0, requests: 0, tooManyRequests: 0, durationMs: Math.round(performance.now() - started), reportFile };
    emit(summary);
    return { summary, records: lines, problems };
  }

  // 2. The client, its limiter, and the target the journal is kept for.
  if (options.token === undefined) throw new OnboardConfigError("CIRCLE_API_KEY: expected the Circle API key (the token option)");
  const baseUrl = checkBaseUrl(options.baseUrl ?? environments[options.environment ?? "sandbox"]);
  const limiter = options.rateLimiter === false ? undefined : (options.rateLimiter ?? processLimiter(baseUrl));
  const circle = createOnboardingClient({ logLevel: "error", ...options.client, token: options.token, baseUrl, ...(limiter ? { rateLimiter: limiter } : {}) });
  const token = typeof options.token === "string" ? options.token : await options.token();
  const group = accountGroupOf(baseUrl, token);
  const concurrency = options.concurrency ?? "auto";
  const maxInFlight = concurrency === "auto" ? 32 : concurrency;

  // A refused key or an unreachable API ends the run before any database is created or opened.
  await verifyKey(circle);

  // 3. The store, the journal, the queues.
  const timings = { superviseIntervalSeconds: tuning.superviseIntervalSeconds };
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, timings, Math.min(maxInFlight + 4, 20)) : await openEmbedded(stateDir, timings);
  const run = new Run(store, circle, limiter, baseUrl, tuning, emit, options);
  try {
    await run.prepare();
    const refs = records.map((r) => r.record.ref);
    const admissions = await run.journal.admit(records.map((r) => ({ ref: r.record.ref, line: r.line, input: r, hash: r.hash })));
    await enqueue(store.boss, run.queues, baseUrl, group, admissions);
    const alreadySubmitted = admissions.filter((a) => a.previous === "submitted").length;
    emit({
      type: "start",
      store: store.kind,
      records: records.length - alreadySubmitted,
      valid: records.length,
      invalid: countLines(problems),
      alreadySubmitted,
      requeued: admissions.filter((a) => a.previous === "stopped" || a.previous === "failed").length,
      dryRun: false,
    });
    // A run with input needs no more workers than it has records to carry (idle workers only poll).
    const workers = options.input !== undefined && !options.worker ? Math.max(1, Math.min(maxInFlight, records.length - alreadySubmitted)) : maxInFlight;
    await run.work(concurrency, workers, options.databaseUrl ? (options.accountConcurrency ?? 16) : undefined);
    const finished = options.input !== undefined ? await run.waitFor(refs) : await run.untilStopped();
    await run.stop();
    const rows = options.input !== undefined ? await run.journal.records(refs) : await run.journal.records([...run.settled]);
    const lines = reportLines(rows, problems);
    if (reportFile) await writeReport(reportFile, lines);
    const count = (state: string) => rows.filter((r) => r.state === state).length;
    const snapshot = limiter?.snapshot();
    const summary: SummaryEvent = {
      type: "summary",
      total: rows.length + countLines(problems),
      submitted: count("submitted"),
      stopped: count("stopped"),
      failed: count("failed"),
      invalid: countLines(problems),
      unfinished: rows.filter((r) => !finalStates.has(r.state)).length,
      requests: (snapshot?.requests ?? 0) - run.baseline.requests,
      tooManyRequests: (snapshot?.tooManyRequests ?? 0) - run.baseline.tooManyRequests,
      durationMs: Math.round(performance.now() - started),
      reportFile,
    };
    if (!finished && run.abort) throw new OnboardConfigError(run.abort.message);
    emit(summary);
    return { summary, records: lines, problems };
  } finally {
    await run.stop();
    await store.close(tuning.graceMs);
  }
}

/** The limiter of each API base URL, shared by every `onboard()` of the process that brings none of its own. */
const limiters = new Map<string, RateLimiter>();
function processLimiter(baseUrl: string): RateLimiter {
  let limiter = limiters.get(baseUrl);
  if (!limiter) limiters.set(baseUrl, (limiter = createRateLimiter()));
  return limiter;
}

/** The options that can be checked before anything else; a bad one is an {@link OnboardConfigError}. */
function checkOptions(options: OnboardOptions): void {
  const { concurrency, accountConcurrency } = options;
  if (concurrency !== undefined && concurrency !== "auto" && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256)) {
    throw new OnboardConfigError(`--concurrency: expected an integer from 1 to 256, or auto, got ${JSON.stringify(concurrency)}`);
  }
  if (accountConcurrency !== undefined && !(Number.isInteger(accountConcurrency) && accountConcurrency >= 1 && accountConcurrency <= 1024)) {
    throw new OnboardConfigError(`--account-concurrency: expected an integer from 1 to 1024, got ${JSON.stringify(accountConcurrency)}`);
  }
  if (options.databaseUrl !== undefined) checkDatabaseUrl(options.databaseUrl);
  if (options.worker && !options.databaseUrl) throw new OnboardConfigError("--worker: needs --database-url (workers share a PostgreSQL server; the embedded database belongs to one process)");
  if (options.input === undefined && !options.worker) throw new OnboardConfigError("--input: expected a JSON Lines file of records (or --worker with --database-url to work a shared queue)");
  if (options.dryRun && options.input === undefined) throw new OnboardConfigError("--dry-run: expected --input to check");
  try {
    if (!options.dryRun && typeof options.token === "string") assertTokenShape(options.token);
    if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl);
    if (options.environment !== undefined && !(options.environment in environments)) {
      throw new InvalidRequestError("environment", `expected "sandbox" or "production", got ${JSON.stringify(options.environment)}`);
    }
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new OnboardConfigError(`${error.field === "token" ? "CIRCLE_API_KEY" : `--${kebab(error.field)}`}: ${error.message.slice(error.field.length + 2)}`);
    throw error;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Records with a schema given up front, checked against it; those with field errors become problems. */
function validateUpFront(records: PreparedRecord[], schemas: Record<string, unknown>): { records: PreparedRecord[]; problems: InputProblem[] } {
  const validators = new Map<string, SchemaValidator>();
  for (const [nature, schema] of Object.entries(schemas)) {
    try {
      validators.set(nature, createSchemaValidator(schema));
    } catch (error) {
      throw new OnboardConfigError(`--schema ${nature}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const kept: PreparedRecord[] = [];
  const problems: InputProblem[] = [];
  for (const record of records) {
    const validator = validators.get(record.record.client.businessDetails.natureOfBusiness);
    const errors = validator ? checkAgainstSchema(record, validator) : [];
    if (!errors.length) kept.push(record);
    for (const e of errors) problems.push({ line: record.line, ref: record.record.ref, field: e.path.startsWith("documents.") ? e.path : `data.${e.path}`, message: e.message });
  }
  return { records: kept, problems };
}

/** How many input lines the problems are on. */
function countLines(problems: InputProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

/** One cheap read, so a refused key or an unreachable server ends the run before anything is queued. */
async function verifyKey(circle: OnboardingClient): Promise<void> {
  try {
    await circle.clients.listPage({ pageSize: 1 });
  } catch (error) {
    const stop = stopFor(error, "list clients");
    throw new OnboardConfigError(stop instanceof RunAbort ? stop.message : `cannot use Circle's API: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The working part of a run: workers, lease renewal, progress. */
class Run {
  readonly journal: Journal;
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly queues: QueueNames;
  /** The limiter's counts when the run began: it may be shared with other runs of the process. */
  readonly baseline: { requests: number; tooManyRequests: number };
  /** Refs this process settled (for a worker's report). */
  readonly settled = new Set<string>();
  /** Set when an answer means no record can go on (a refused key). */
  abort: RunAbort | undefined;
  readonly #store: Store;
  readonly #boss: PgBoss;
  readonly #circle: OnboardingClient;
  readonly #limiter: RateLimiter | undefined;
  readonly #tuning: Required<OnboardTuning>;
  readonly #emit: (event: OnboardEvent) => void;
  readonly #options: OnboardOptions;
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<string>();
  /** Records this process settled, by outcome (a worker's progress). */
  readonly #tally = { submitted: 0, stopped: 0, failed: 0 };
  readonly #schemas: SchemaCache;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #workers: RecordWorkers<RecordJob> | undefined;
  #stopped: Promise<void> | undefined;

  constructor(store: Store, circle: OnboardingClient, limiter: RateLimiter | undefined, target: string, tuning: Required<OnboardTuning>, emit: (event: OnboardEvent) => void, options: OnboardOptions) {
    this.#store = store;
    this.#boss = store.boss;
    this.#circle = circle;
    this.#limiter = limiter;
    this.#tuning = tuning;
    this.#emit = emit;
    this.#options = options;
    this.journal = new Journal(store.sql, target, tuning.leaseMs);
    this.queues = queueNamesOf(target);
    this.#schemas = new SchemaCache(this.journal);
    const { requests = 0, tooManyRequests = 0 } = limiter?.snapshot() ?? {};
    this.baseline = { requests, tooManyRequests };
  }

  get #policy(): RetryPolicy {
    const t = this.#tuning;
    return { retryLimit: t.retryLimit, retryDelaySeconds: t.retryDelaySeconds, retryDelayMaxSeconds: t.retryDelayMaxSeconds, heartbeatSeconds: t.heartbeatSeconds };
  }

  /** Tables and queues; in the embedded database, what a killed run left in flight goes back to the queue. */
  async prepare(): Promise<void> {
    await this.journal.migrate();
    await ensureQueues(this.#boss, this.queues, this.#policy);
    if (this.#store.kind === "embedded") {
      await this.journal.clearLeases();
      await recoverOrphans(this.#boss, this.queues);
    }
  }

  /** Starts the workers of this process: as many as `concurrency` (auto: a few to start with), at most `maxInFlight`. */
  async work(concurrency: number | "auto", maxInFlight: number, accountConcurrency: number | undefined): Promise<void> {
    const poll = { pollingIntervalSeconds: this.#tuning.pollIntervalSeconds };
    // In a fleet a worker that just finished a record waits a random part of half a polling
    // interval before asking for the next, or the process that frees a slot of the account's cap
    // would always be the one to take it again, and the other processes would starve.
    const pollMs = this.#tuning.pollIntervalSeconds * 1000;
    const fleet = this.#store.kind === "postgres";
    this.#workers = new RecordWorkers<RecordJob>({
      boss: this.#boss,
      queue: this.queues.records,
      work: { ...poll, ...(accountConcurrency ? { groupConcurrency: accountConcurrency } : {}) },
      max: maxInFlight,
      nextAfterMs: () => (fleet ? Math.random() * (pollMs / 2) : 0),
      handler: async (job) => {
        // Claimed while the run was stopping (the worker's fetch was under way): not started.
        // The throw fails the job and pg-boss queues it again, an attempt spent as by a record
        // the stop cut short.
        if (this.#winding) throw new Error("the run is stopping: the record was not started");
        await this.#process(job.data.ref, AbortSignal.any([job.signal, this.#stopping.signal]));
      },
    });
    const workers = this.#workers;
    workers.resize(concurrency === "auto" ? autoStart : concurrency);
    await workers.settled();
    await this.#boss.work<RecordJob>(this.queues.dead, poll, async ([job]) => {
      if (!job) return;
      await this.journal.failed(job.data.ref);
      const [row] = await this.journal.records([job.data.ref]);
      if (row) this.#record(row);
    });
    const renew = setInterval(() => {
      this.journal.renew(this.owner, [...this.#inFlight]).catch(() => undefined);
    }, Math.max(500, this.#tuning.leaseMs / 4));
    this.#timers.push(renew);
    if (concurrency === "auto") this.#timers.push(setInterval(() => autoResize(workers, this.#limiter), 1000));
  }

  /** True once the run is stopping (asked to, or aborted): no record is started from then on. */
  get #winding(): boolean {
    return this.#stopped !== undefined || this.#stopping.signal.aborted || this.#options.signal?.aborted === true;
  }

  /** One attempt at one record. Throws (so pg-boss retries the job) when the attempt should be repeated. */
  async #process(ref: string, signal: AbortSignal): Promise<void> {
    let leased = await this.journal.lease(ref, this.owner);
    for (let waits = 0; "heldUntil" in leased; waits++) {
      // Another worker holds it (it may have died): wait for its lease to run out.
      if (waits >= 3) throw new LeaseLostError(`record ${ref} is held by another worker until ${leased.heldUntil.toISOString()}`);
      await sleep(Math.min(this.#tuning.leaseMs, Math.max(100, leased.heldUntil.getTime() - Date.now() + 100)), signal);
      leased = await this.journal.lease(ref, this.owner);
    }
    const { record } = leased;
    if (finalStates.has(record.state)) return;
    this.#inFlight.add(ref);
    try {
      const steps = await this.journal.steps(ref);
      const attempt = new RecordAttempt(
        { journal: this.journal, circle: this.#circle, owner: this.owner, leaseMs: this.#tuning.leaseMs, emit: this.#emit, clockSkewMs: this.#tuning.clockSkewMs, schemas: this.#schemas },
        record.input as PreparedRecord,
        steps,
        { clientEntityId: record.clientEntityId, applicationId: record.applicationId },
        signal,
      );
      let result;
      try {
        result = await attempt.run();
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (error instanceof RunAbort && !this.abort) {
          this.abort = error;
          this.#stopping.abort(error);
        }
        await this.journal.attemptFailed(ref, this.owner, message).catch(() => undefined);
        this.#emit({ type: "record", ref, state: "retrying", reason: message });
        throw error;
      }
      const row =
        result.state === "submitted"
          ? await this.journal.settle(ref, this.owner, "submitted", null, null)
          : await this.journal.settle(ref, this.owner, "stopped", result.stop.code, result.stop.message);
      this.settled.add(ref);
      if (row) this.#record(row);
    } finally {
      this.#inFlight.delete(ref);
    }
  }

  #record(row: RecordRow): void {
    const event: RecordEvent = { type: "record", ref: row.ref, state: row.state };
    if (row.reasonCode) event.code = row.reasonCode;
    if (row.reason) event.reason = row.reason;
    if (row.clientEntityId) event.clientEntityId = row.clientEntityId;
    if (row.applicationId) event.applicationId = row.applicationId;
    this.settled.add(row.ref);
    if (row.state === "submitted" || row.state === "stopped" || row.state === "failed") this.#tally[row.state]++;
    this.#emit(event);
  }

  /** Reports progress until every one of `refs` is final; false when the run was stopped first. */
  async waitFor(refs: string[]): Promise<boolean> {
    const pace: { at: number; final: number }[] = [];
    const limiter = new LimiterFigures(this.#limiter, this.baseline.tooManyRequests);
    const read = this.journal.counter(refs);
    for (;;) {
      const counts = await read();
      const final = counts.submitted + counts.stopped + counts.failed;
      const now = performance.now();
      pace.push({ at: now, final });
      while (pace.length > 2 && now - pace[0]!.at > 30_000) pace.shift();
      const first = pace[0]!;
      const perMs = now > first.at ? (final - first.final) / (now - first.at) : 0;
      this.#emit({
        type: "progress",
        total: refs.length,
        submitted: counts.submitted,
        stopped: counts.stopped,
        failed: counts.failed,
        inFlight: counts.inFlight,
        ...limiter.next(),
        etaSeconds: perMs > 0 ? Math.round((refs.length - final) / perMs / 1000) : null,
      });
      if (final >= refs.length) return true;
      if (this.#stopping.signal.aborted || this.#options.signal?.aborted) return false;
      await sleep(this.#tuning.progressIntervalMs, this.#options.signal ?? null).catch(() => undefined);
    }
  }

  /** A worker without input: works until the caller's signal (or an abort) stops it. */
  async untilStopped(): Promise<boolean> {
    const stop = AbortSignal.any([this.#stopping.signal, ...(this.#options.signal ? [this.#options.signal] : [])]);
    const limiter = new LimiterFigures(this.#limiter, this.baseline.tooManyRequests);
    while (!stop.aborted) {
      await sleep(this.#tuning.progressIntervalMs, stop).catch(() => undefined);
      // What this worker has done: its settled records and those in its hands now.
      const { submitted, stopped, failed } = this.#tally;
      this.#emit({
        type: "progress",
        total: submitted + stopped + failed + this.#inFlight.size,
        submitted,
        stopped,
        failed,
        inFlight: this.#inFlight.size,
        ...limiter.next(),
        etaSeconds: null,
      });
    }
    return false;
  }

  /** Stops taking records and gives those in flight `graceMs` to finish; idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      for (const timer of this.#timers) clearInterval(timer);
      const grace = sleep(this.#tuning.graceMs, null);
      await Promise.race([Promise.all([this.#workers?.close(), this.#boss.offWork(this.queues.dead, { wait: true })]), grace]).catch(() => undefined);
      this.#stopping.abort(new Error("the run is stopping"));
      // What was cut short stays queued; the next run (or another worker) picks it up.
      for (const ref of this.#inFlight) await this.journal.attemptFailed(ref, this.owner, "stopped before it finished").catch(() => undefined);
    })();
    return this.#stopped;
  }
}

