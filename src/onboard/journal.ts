// The step journal: one row per record and one per effecting step, in the same database as the
// queue. A step is written `started` (with the idempotency key it will send) before its call and
// `done` (with what came back) after it, so a run killed at any instant knows, for every effect,
// whether it certainly happened, certainly did not, or may have. A lease on each record, renewed
// by every step start, keeps two workers of a fleet from working on one record at once.

/** What the journal needs from a database: pg-boss's `executeSql` shape (pg, PGlite). */
export interface Sql {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Where a record ended, or stands. */
export type RecordState = "queued" | "running" | "submitted" | "stopped" | "failed";

/** Why a record stopped. */
export type StopCode = "device_check" | "validation" | "not_draft" | "needs_attention";

/** A record's row. */
export interface RecordRow {
  ref: string;
  line: number | null;
  input: unknown;
  state: RecordState;
  reasonCode: StopCode | "error" | null;
  reason: string | null;
  clientEntityId: string | null;
  applicationId: string | null;
  attempts: number;
  updatedAt: Date;
}

/** How many records are in each state, and how many are leased right now (in flight). */
export type RecordCounts = Record<RecordState, number> & { inFlight: number };

/** A step's row. */
export interface StepRow {
  step: string;
  state: "started" | "done";
  idempotencyKey: string | null;
  inputHash: string | null;
  request: unknown;
  result: unknown;
  firstStartedAt: Date;
  startedAt: Date;
  attempts: number;
}

/** How a record was admitted: new, already known, or known and put back in the queue. */
export interface Admission {
  ref: string;
  /** The state before this run: `null` for a new record. */
  previous: RecordState | null;
}

/** The journal refused a step because this worker no longer holds the record's lease. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/** The schema the journal's tables live in, beside pg-boss's. */
export const journalSchema = "circle_onboarding";

const s = journalSchema;

const migration = `
BEGIN;
SELECT pg_advisory_xact_lock(2026113014);
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.record (
  target text NOT NULL,
  ref text NOT NULL,
  line integer,
  input jsonb NOT NULL,
  input_hash text NOT NULL,
  state text NOT NULL DEFAULT 'queued',
  reason_code text,
  reason text,
  last_error text,
  client_entity_id uuid,
  application_id uuid,
  lease_owner text,
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (target, ref)
);
CREATE INDEX IF NOT EXISTS record_client ON ${s}.record (target, client_entity_id);
CREATE TABLE IF NOT EXISTS ${s}.step (
  target text NOT NULL,
  ref text NOT NULL,
  step text NOT NULL,
  state text NOT NULL,
  idempotency_key uuid,
  input_hash text,
  request jsonb,
  result jsonb,
  first_started_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  attempts integer NOT NULL DEFAULT 1,
  PRIMARY KEY (target, ref, step),
  FOREIGN KEY (target, ref) REFERENCES ${s}.record (target, ref) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS ${s}.schema (
  target text NOT NULL,
  template text NOT NULL,
  schema jsonb NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (target, template)
);
COMMIT;
`;

type Row = Record<string, unknown>;

const toRecord = (r: Row): RecordRow => ({
  ref: r.ref as string,
  line: r.line as number | null,
  input: r.input,
  state: r.state as RecordState,
  reasonCode: r.reason_code as RecordRow["reasonCode"],
  reason: r.reason as string | null,
  clientEntityId: r.client_entity_id as string | null,
  applicationId: r.application_id as string | null,
  attempts: r.attempts as number,
  updatedAt: new Date(r.updated_at as string),
});

const toStep = (r: Row): StepRow => ({
  step: r.step as string,
  state: r.state as StepRow["state"],
  idempotencyKey: r.idempotency_key as string | null,
  inputHash: r.input_hash as string | null,
  request: r.request,
  result: r.result,
  firstStartedAt: new Date(r.first_started_at as string),
  startedAt: new Date(r.started_at as string),
  attempts: r.attempts as number,
});

/** The journal of one target (an API base URL: sandbox and production never share a record). */
export class Journal {
  readonly #sql: Sql;
  readonly #target: string;
  readonly #leaseMs: number;
  /** Time spent waiting for the database, for the benchmark's journal cost. */
  elapsedMs = 0;
  /** Statements run. */
  statements = 0;

  /** `leaseMs`: how long a record stays with a worker after its last step start or renewal. */
  constructor(sql: Sql, target: string, leaseMs: number) {
    this.#sql = sql;
    this.#target = target;
    this.#leaseMs = leaseMs;
  }

  async #run(text: string, values?: unknown[]): Promise<Row[]> {
    const started = performance.now();
    try {
      return (await this.#sql.executeSql(text, values)).rows as Row[];
    } finally {
      this.elapsedMs += performance.now() - started;
      this.statements++;
    }
  }

  /** Creates the tables if they are missing; safe to run from several processes at once. */
  async migrate(): Promise<void> {
    await this.#run(migration);
  }

  /**
   * Records the input: new records are inserted, known ones take the new input, and those that
   * stopped or failed are queued again. Submitted records are left as they are.
   */
  async admit(records: { ref: string; line: number; input: unknown; hash: string }[]): Promise<Admission[]> {
    const out: Admission[] = [];
    for (let i = 0; i < records.length; i += 500) {
      const batch = records.slice(i, i + 500).map((r) => ({ ref: r.ref, line: r.line, input: r.input, input_hash: r.hash }));
      const rows = await this.#run(
        `WITH incoming AS (
           SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(ref text, line integer, input jsonb, input_hash text)
         ), before AS (
           SELECT r.ref, r.state FROM ${s}.record r JOIN incoming USING (ref) WHERE r.target = $1
         ), upserted AS (
           INSERT INTO ${s}.record (target, ref, line, input, input_hash)
           SELECT $1, ref, line, input, input_hash FROM incoming
           ON CONFLICT (target, ref) DO UPDATE SET
             line = excluded.line,
             input = CASE WHEN ${s}.record.state = 'submitted' THEN ${s}.record.input ELSE excluded.input END,
             input_hash = CASE WHEN ${s}.record.state = 'submitted' THEN ${s}.record.input_hash ELSE excluded.input_hash END,
             state = CASE WHEN ${s}.record.state IN ('stopped', 'failed') THEN 'queued' ELSE ${s}.record.state END,
             reason_code = CASE WHEN ${s}.record.state IN ('stopped', 'failed') THEN NULL ELSE ${s}.record.reason_code END,
             reason = CASE WHEN ${s}.record.state IN ('stopped', 'failed') THEN NULL ELSE ${s}.record.reason END,
             updated_at = now()
           RETURNING ref
         )
         SELECT u.ref, b.state AS previous FROM upserted u LEFT JOIN before b USING (ref)`,
        [this.#target, JSON.stringify(batch)],
      );
      for (const row of rows) out.push({ ref: row.ref as string, previous: (row.previous as RecordState | null) ?? null });
    }
    return out;
  }

  /**
   * Takes the record's lease for `owner`: the record, or the time its current holder's lease
   * ends when another worker has it.
   */
  async lease(ref: string, owner: string): Promise<{ record: RecordRow } | { heldUntil: Date }> {
    const rows = await this.#run(
      `UPDATE ${s}.record SET lease_owner = $3, lease_until = now() + $4 * interval '1 millisecond', attempts = attempts + 1,
         state = CASE WHEN state = 'queued' THEN 'running' ELSE state END, updated_at = now()
       WHERE target = $1 AND ref = $2 AND (lease_owner IS NULL OR lease_owner = $3 OR lease_until < now())
       RETURNING *`,
      [this.#target, ref, owner, this.#leaseMs],
    );
    if (rows[0]) return { record: toRecord(rows[0]) };
    const held = await this.#run(`SELECT lease_until FROM ${s}.record WHERE target = $1 AND ref = $2`, [this.#target, ref]);
    if (!held[0]) throw new Error(`record ${ref} is not in the journal`);
    return { heldUntil: new Date(held[0].lease_until as string) };
  }

  /** Extends the leases `owner` holds on these records. */
  async renew(owner: string, refs: string[]): Promise<void> {
    if (!refs.length) return;
    await this.#run(
      `UPDATE ${s}.record SET lease_until = now() + $3 * interval '1 millisecond'
       WHERE target = $1 AND lease_owner = $2 AND ref = ANY(SELECT jsonb_array_elements_text($4::jsonb))`,
      [this.#target, owner, this.#leaseMs, JSON.stringify(refs)],
    );
  }

  /** Clears every lease: only for a database no other process can be using (the embedded one). */
  async clearLeases(): Promise<void> {
    await this.#run(`UPDATE ${s}.record SET lease_owner = NULL, lease_until = NULL WHERE target = $1 AND lease_owner IS NOT NULL`, [this.#target]);
  }

  /** The record's steps by name. */
  async steps(ref: string): Promise<Map<string, StepRow>> {
    const rows = await this.#run(`SELECT * FROM ${s}.step WHERE target = $1 AND ref = $2`, [this.#target, ref]);
    return new Map(rows.map((r) => [r.step as string, toStep(r)]));
  }

  /**
   * Writes a step `started` before its call, renewing the lease in the same statement; refused
   * (LeaseLostError) when `owner` no longer holds the record. The key must be the stored one when
   * there is one: a resumed step sends the key of its first attempt.
   */
  async startStep(ref: string, owner: string, step: string, fields: { idempotencyKey?: string; inputHash?: string; request?: unknown }): Promise<StepRow> {
    const rows = await this.#run(
      `WITH fence AS (
         UPDATE ${s}.record SET lease_until = now() + $4 * interval '1 millisecond'
         WHERE target = $1 AND ref = $2 AND lease_owner = $3 AND lease_until > now()
         RETURNING target
       )
       INSERT INTO ${s}.step (target, ref, step, state, idempotency_key, input_hash, request)
       SELECT target, $2, $5, 'started', $6, $7, $8::jsonb FROM fence
       ON CONFLICT (target, ref, step) DO UPDATE SET
         state = 'started', started_at = now(), finished_at = NULL, attempts = ${s}.step.attempts + 1,
         idempotency_key = excluded.idempotency_key, input_hash = excluded.input_hash, request = excluded.request
       RETURNING *`,
      [this.#target, ref, owner, this.#leaseMs, step, fields.idempotencyKey ?? null, fields.inputHash ?? null, fields.request === undefined ? null : JSON.stringify(fields.request)],
    );
    if (!rows[0]) throw new LeaseLostError(`record ${ref}: the lease was taken over before step ${step}; another worker has it`);
    return toStep(rows[0]);
  }

  /** Writes a step `done` with its result. Not fenced: a known outcome is always worth keeping. */
  async finishStep(ref: string, step: string, result: unknown): Promise<void> {
    await this.#run(`UPDATE ${s}.step SET state = 'done', result = $4::jsonb, finished_at = now() WHERE target = $1 AND ref = $2 AND step = $3`, [
      this.#target,
      ref,
      step,
      JSON.stringify(result ?? null),
    ]);
  }

  /** Forgets a step, so that it runs again from scratch (its input changed). */
  async dropStep(ref: string, step: string): Promise<void> {
    await this.#run(`DELETE FROM ${s}.step WHERE target = $1 AND ref = $2 AND step = $3`, [this.#target, ref, step]);
  }

  /** Stores the record's client and application ids. */
  async setIds(ref: string, clientEntityId: string | null, applicationId: string | null): Promise<void> {
    await this.#run(`UPDATE ${s}.record SET client_entity_id = COALESCE($3::uuid, client_entity_id), application_id = COALESCE($4::uuid, application_id), updated_at = now() WHERE target = $1 AND ref = $2`, [
      this.#target,
      ref,
      clientEntityId,
      applicationId,
    ]);
  }

  /** Another record of this target that claims the client, if any. */
  async clientClaimedBy(clientEntityId: string, exceptRef: string): Promise<string | undefined> {
    const rows = await this.#run(`SELECT ref FROM ${s}.record WHERE target = $1 AND client_entity_id = $2 AND ref <> $3 LIMIT 1`, [this.#target, clientEntityId, exceptRef]);
    return rows[0]?.ref as string | undefined;
  }

  /** Ends the record's processing: submitted, or stopped with a reason; the lease is released. The row as it now is. */
  async settle(ref: string, owner: string, state: "submitted" | "stopped", code: StopCode | null, reason: string | null): Promise<RecordRow | undefined> {
    const rows = await this.#run(
      `UPDATE ${s}.record SET state = $4, reason_code = $5, reason = $6, lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE target = $1 AND ref = $2 AND (lease_owner = $3 OR lease_owner IS NULL)
       RETURNING *`,
      [this.#target, ref, owner, state, code, reason],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Notes a failed attempt (it will be retried) and releases the lease. */
  async attemptFailed(ref: string, owner: string, error: string): Promise<void> {
    await this.#run(
      `UPDATE ${s}.record SET last_error = $4, state = CASE WHEN state = 'running' THEN 'queued' ELSE state END, lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE target = $1 AND ref = $2 AND lease_owner = $3`,
      [this.#target, ref, owner, error],
    );
  }

  /** Marks a record failed for good (its retries are spent), with its last error as the reason. */
  async failed(ref: string): Promise<void> {
    await this.#run(
      `UPDATE ${s}.record SET state = 'failed', reason_code = 'error', reason = COALESCE(last_error, 'failed'), lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE target = $1 AND ref = $2 AND state IN ('queued', 'running')`,
      [this.#target, ref],
    );
  }

  /** The rows of these records, in input order. */
  async records(refs: string[]): Promise<RecordRow[]> {
    const out: RecordRow[] = [];
    for (let i = 0; i < refs.length; i += 1000) {
      const rows = await this.#run(
        `SELECT r.* FROM jsonb_array_elements_text($2::jsonb) WITH ORDINALITY AS x(ref, n) JOIN ${s}.record r ON r.target = $1 AND r.ref = x.ref ORDER BY x.n`,
        [this.#target, JSON.stringify(refs.slice(i, i + 1000))],
      );
      out.push(...rows.map(toRecord));
    }
    return out;
  }

  /** The application schema last read for a template (nature of business and institution type), with when. */
  async schema(template: string): Promise<{ schema: unknown; readAt: Date } | undefined> {
    const rows = await this.#run(`SELECT schema, read_at FROM ${s}.schema WHERE target = $1 AND template = $2`, [this.#target, template]);
    return rows[0] ? { schema: rows[0].schema, readAt: new Date(rows[0].read_at as string) } : undefined;
  }

  /** Keeps the schema just read for a template, so later records of it are checked before anything is sent. */
  async storeSchema(template: string, schema: unknown): Promise<void> {
    await this.#run(
      `INSERT INTO ${s}.schema (target, template, schema) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (target, template) DO UPDATE SET schema = excluded.schema, read_at = now()`,
      [this.#target, template, JSON.stringify(schema)],
    );
  }

  /** How many of these records are in each state, and how many are leased right now (in flight). */
  async counts(refs: string[]): Promise<RecordCounts> {
    return this.counter(refs)();
  }

  /**
   * {@link counts} to read again and again (a run's progress, every tick): the refs are sliced
   * and serialised once, not on every read.
   */
  counter(refs: string[]): () => Promise<RecordCounts> {
    const chunks: string[] = [];
    for (let i = 0; i < refs.length; i += 5000) chunks.push(JSON.stringify(refs.slice(i, i + 5000)));
    return async () => {
      const counts = { queued: 0, running: 0, submitted: 0, stopped: 0, failed: 0, inFlight: 0 };
      for (const chunk of chunks) {
        const rows = await this.#run(
          `SELECT r.state, count(*)::int AS n, count(*) FILTER (WHERE r.lease_until > now())::int AS leased
           FROM ${s}.record r WHERE r.target = $1 AND r.ref = ANY(SELECT jsonb_array_elements_text($2::jsonb)) GROUP BY r.state`,
          [this.#target, chunk],
        );
        for (const row of rows) {
          counts[row.state as RecordState] += row.n as number;
          counts.inFlight += row.leased as number;
        }
      }
      return counts;
    };
  }
}
