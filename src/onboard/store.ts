// Where a run keeps its queue and journal: PGlite embedded in the state directory (the default,
// nothing to install), or a PostgreSQL server given by URL for a fleet of workers. Either way
// pg-boss runs the queue and the journal shares its database through pg-boss's `executeSql`.
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import { OnboardConfigError } from "./config-error.js";
import type { Sql } from "./journal.js";
import { lockDirectory } from "./lock.js";

/** The queue and journal's database. */
export interface Store {
  kind: "embedded" | "postgres";
  boss: PgBoss;
  sql: Sql;
  /** Stops pg-boss (waiting up to `graceMs` for handlers) and closes the database. */
  close(graceMs: number): Promise<void>;
}

/** pg-boss's schema; the journal has its own beside it. */
export const queueSchema = "circle_onboarding_queue";

/** Timings pg-boss runs its upkeep with; shorter in tests so that a dead worker's job comes back sooner. */
export interface StoreTimings {
  /** How often pg-boss supervises (expired jobs, missed heartbeats), in seconds. */
  superviseIntervalSeconds: number;
}

/** pg-boss options shared by both stores. */
function bossOptions(timings: StoreTimings) {
  return {
    schema: queueSchema,
    schedule: false,
    superviseIntervalSeconds: timings.superviseIntervalSeconds,
    monitorIntervalSeconds: Math.max(timings.superviseIntervalSeconds, 5),
    // Long maintenance intervals: a run is minutes to hours, and the jobs it keeps are few.
    maintenanceIntervalSeconds: 3600,
    persistWarnings: false,
    openTelemetry: { enabled: false },
  } as const;
}

/** Opens PostgreSQL at `url` (pg-boss creates its schema; the journal migrates separately). */
export async function openPostgres(url: string, timings: StoreTimings, poolSize: number): Promise<Store> {
  const parsed = checkDatabaseUrl(url);
  const { PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ ...bossOptions(timings), connectionString: url, max: poolSize, application_name: "circle-onboarding", connectionTimeoutMillis: 10_000 });
  boss.on("error", () => undefined);
  try {
    await boss.start();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new OnboardConfigError(`--database-url: cannot use the database at ${parsed.host}${parsed.pathname}: ${describeDbError(error)}`);
  }
  return {
    kind: "postgres",
    boss,
    sql: boss.getDb(),
    close: (graceMs) => boss.stop({ graceful: true, timeout: Math.max(graceMs, 1) }),
  };
}

/** Opens the embedded database in `stateDir` (creating it on first use), after taking the directory's lock. */
export async function openEmbedded(stateDir: string, timings: StoreTimings): Promise<Store> {
  await mkdir(stateDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new OnboardConfigError(`--state-dir: cannot create ${stateDir} (${error.code ?? error.message})`);
  });
  const unlock = await lockDirectory(stateDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PgBoss, fromPglite } = await import("pg-boss");
    const dataDir = join(stateDir, "pgdata");
    await initialise(stateDir, dataDir, PGlite);
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    const boss = new PgBoss({ ...bossOptions(timings), db: fromPglite(pglite), backend: "pglite" });
    boss.on("error", () => undefined);
    await boss.start();
    return {
      kind: "embedded",
      boss,
      sql: boss.getDb(),
      async close(graceMs) {
        try {
          await boss.stop({ graceful: true, timeout: Math.max(graceMs, 1) });
          await pglite.close();
        } finally {
          await unlock();
        }
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * Creates the PGlite data directory atomically: initialised beside it, then renamed into place, so
 * a run killed during the first start leaves no half-made database behind.
 */
async function initialise(stateDir: string, dataDir: string, PGlite: typeof import("@electric-sql/pglite").PGlite): Promise<void> {
  const exists = await readdir(dataDir).then(
    (entries) => entries.length > 0,
    () => false,
  );
  for (const entry of await readdir(stateDir)) if (entry.startsWith("pgdata.init-")) await rm(join(stateDir, entry), { recursive: true, force: true });
  if (exists) return;
  const scratch = join(stateDir, `pgdata.init-${process.pid}`);
  const fresh = new PGlite(scratch);
  await fresh.waitReady;
  await fresh.close();
  await rm(dataDir, { recursive: true, force: true });
  await rename(scratch, dataDir);
}

/** A PostgreSQL URL, parsed; anything else is an {@link OnboardConfigError} (which never shows the password). */
export function checkDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OnboardConfigError(`--database-url: expected postgres://user:password@host:port/database, got ${JSON.stringify(redactUrl(url))}`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new OnboardConfigError(`--database-url: expected a postgres:// or postgresql:// URL, got ${parsed.protocol}//…`);
  }
  return parsed;
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}

function describeDbError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? message;
  return typeof code === "string" && !line.includes(code) ? `${line} (${code})` : line;
}
