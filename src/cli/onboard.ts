// `circle-onboarding onboard`: the bulk run from the command line. Flags become `onboard()`
// options; events become a live progress line on a terminal, a line every few seconds
// otherwise, or JSON Lines with `--json`. Exit 0 when every record is submitted, 1 when some are
// not, 2 for a usage or configuration error (one line, no stack).
import { resolve } from "node:path";
import type { OnboardEvent, ProgressEvent, SummaryEvent } from "../onboard/events.js";
import { defaultStateDir, onboard, type OnboardOptions, type OnboardTuning } from "../onboard/run.js";
import { OnboardConfigError } from "../onboard/config-error.js";
import { type ParsedFlags, parseFlags, UsageError } from "./flags.js";
import { type CommandIo, environmentOf, readJsonFlag } from "./schema-source.js";
import { onStopSignal } from "./signals.js";

/** What the command needs from its process: the CLI's io, plus a terminal flag and a stop signal. */
export interface OnboardIo extends CommandIo {
  /** stderr is a terminal: draw a live progress line. */
  stderrIsTTY?: boolean;
  /** Stops the run (SIGINT/SIGTERM); without it the command listens for those signals itself. */
  signal?: AbortSignal;
}

/** The `--help` text. */
export const onboardUsage = `Usage: circle-onboarding onboard --input <customers.jsonl> [options]
       circle-onboarding onboard --database-url <postgres://…> --worker [options]

Creates each customer's client, validates its data against the application's live schema,
bulk-saves it, uploads its documents and submits it, exactly once even if the run is killed and
started again with the same arguments. The API key is read from CIRCLE_API_KEY.

  --input <file>              one customer per line (JSON Lines); see the README for the format
  --environment <env>         sandbox (default) or production
  --base-url <url>            API base URL instead of the environment's (a mock server)
  --state-dir <dir>           the embedded database and the report (default ${defaultStateDir})
  --database-url <url>        keep the queue and journal on PostgreSQL instead (also read from
                              CIRCLE_ONBOARDING_DATABASE_URL), for several workers
  --worker                    with --database-url: work the shared queue until stopped (SIGTERM)
  --concurrency <n|auto>      records in flight in this process (default auto)
  --account-concurrency <n>   records in flight for this API key across all workers (default 16)
  --schema <nature>=<file>    validate every record of that natureOfBusiness against this schema
                              before anything is sent (repeatable)
  --dry-run                   check the input (and --schema) and write the report; send nothing
  --report <file>             the report (.csv or JSON Lines; default <state-dir>/report.jsonl,
                              none for a --worker without --input)
  --json                      print one JSON event per line on stdout instead of progress
  --help                      show this help

Tuning (defaults suit Circle): --lease-seconds 120, --retry-limit 5, --retry-delay-seconds 5,
  --heartbeat-seconds 30, --poll-seconds 1, --supervise-seconds 15, --timeout-ms 30000,
  --grace-seconds 30

Exit codes: 0 every record submitted, 1 some were not (see the report), 2 usage or configuration error.
`;

/** The command's flags. */
const onboardFlags = {
  values: [
    "--input",
    "--environment",
    "--base-url",
    "--state-dir",
    "--database-url",
    "--concurrency",
    "--account-concurrency",
    "--report",
    "--lease-seconds",
    "--retry-limit",
    "--retry-delay-seconds",
    "--heartbeat-seconds",
    "--poll-seconds",
    "--supervise-seconds",
    "--timeout-ms",
    "--grace-seconds",
  ],
  repeatable: ["--schema"],
  switches: ["--worker", "--dry-run", "--json"],
} as const;

type ValueFlag = (typeof onboardFlags.values)[number];
type Flags = ParsedFlags<ValueFlag, (typeof onboardFlags.repeatable)[number], (typeof onboardFlags.switches)[number]>;

function number(flags: Flags, name: ValueFlag, min: number, integer: boolean): number | undefined {
  const text = flags.values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name}: expected ${integer ? "an integer" : "a number"} of at least ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Reads `--schema nature=file` options. */
async function schemas(flags: Flags, cwd: string): Promise<Record<string, unknown> | undefined> {
  const given = flags.lists.get("--schema");
  if (!given) return undefined;
  const out: Record<string, unknown> = {};
  for (const spec of given) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--schema: expected <natureOfBusiness>=<file>, got ${JSON.stringify(spec)}`);
    const nature = spec.slice(0, eq);
    out[nature] = await readJsonFlag(`--schema ${nature}`, spec.slice(eq + 1), cwd);
  }
  return out;
}

/** The options of `onboard()` from the flags. */
async function optionsOf(flags: Flags, io: OnboardIo): Promise<OnboardOptions> {
  const one = (name: ValueFlag) => flags.values.get(name);
  const environmentText = one("--environment");
  const environment = environmentText === undefined ? undefined : environmentOf(environmentText);
  const concurrencyText = one("--concurrency");
  let concurrency: number | "auto" | undefined;
  if (concurrencyText !== undefined) concurrency = concurrencyText === "auto" ? "auto" : (number(flags, "--concurrency", 1, true) ?? "auto");
  const tuning: OnboardTuning = {};
  const seconds = (name: ValueFlag, min: number) => number(flags, name, min, false);
  const lease = seconds("--lease-seconds", 2);
  if (lease !== undefined) tuning.leaseMs = lease * 1000;
  const retryLimit = number(flags, "--retry-limit", 0, true);
  if (retryLimit !== undefined) tuning.retryLimit = retryLimit;
  const retryDelay = seconds("--retry-delay-seconds", 0);
  if (retryDelay !== undefined) tuning.retryDelaySeconds = retryDelay;
  const heartbeat = number(flags, "--heartbeat-seconds", 10, true);
  if (heartbeat !== undefined) tuning.heartbeatSeconds = heartbeat;
  const poll = seconds("--poll-seconds", 0.5);
  if (poll !== undefined) tuning.pollIntervalSeconds = poll;
  const supervise = number(flags, "--supervise-seconds", 1, true);
  if (supervise !== undefined) tuning.superviseIntervalSeconds = supervise;
  const grace = seconds("--grace-seconds", 0);
  if (grace !== undefined) tuning.graceMs = grace * 1000;
  const timeoutMs = number(flags, "--timeout-ms", 1, true);

  const input = one("--input");
  const databaseUrl = one("--database-url") ?? (io.env.CIRCLE_ONBOARDING_DATABASE_URL || undefined);
  const token = io.env.CIRCLE_API_KEY;
  const accountConcurrency = number(flags, "--account-concurrency", 1, true);
  const schemaMap = await schemas(flags, io.cwd);
  const report = one("--report");
  const baseUrl = one("--base-url");
  const stateDir = one("--state-dir");
  return {
    ...(input === undefined ? {} : { input: resolve(io.cwd, input) }),
    ...(token ? { token } : {}),
    ...(environment === undefined ? {} : { environment }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    stateDir: resolve(io.cwd, stateDir ?? defaultStateDir),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    worker: flags.switches.has("--worker"),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(accountConcurrency === undefined ? {} : { accountConcurrency }),
    dryRun: flags.switches.has("--dry-run"),
    ...(schemaMap ? { schemas: schemaMap } : {}),
    ...(report === undefined ? {} : { report: resolve(io.cwd, report) }),
    ...(timeoutMs === undefined ? {} : { client: { timeoutMs } }),
    tuning,
  };
}

/** `1m 05s`, `42s`. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function progressLine(p: ProgressEvent): string {
  const final = p.submitted + p.stopped + p.failed;
  const parts = [
    `${final}/${p.total}`,
    `${p.submitted} submitted`,
    `${p.stopped} need attention`,
    `${p.failed} failed`,
    `${p.inFlight} in flight`,
    `${p.requestsPerSecond.toFixed(1)} req/s${p.allowedRate === null ? "" : ` (limit ${p.allowedRate})`}`,
    `${p.tooManyRequests}×429`,
  ];
  if (p.etaSeconds !== null) parts.push(`ETA ${duration(p.etaSeconds)}`);
  return parts.join(" · ");
}

function summaryLines(s: SummaryEvent): string[] {
  const parts = [`${s.submitted} submitted`];
  if (s.stopped) parts.push(`${s.stopped} need attention`);
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.invalid) parts.push(`${s.invalid} invalid`);
  if (s.unfinished) parts.push(`${s.unfinished} not finished`);
  const lines = [`onboard: ${s.total} record${s.total === 1 ? "" : "s"} in ${duration(s.durationMs / 1000)}: ${parts.join(", ")} (${s.requests} requests, ${s.tooManyRequests} answered 429)`];
  if (s.reportFile) lines.push(`onboard: report written to ${s.reportFile}`);
  return lines;
}

/** Turns events into output: JSON Lines, or lines for a person. */
function printer(io: OnboardIo, json: boolean): { event(e: OnboardEvent): void; done(): void } {
  if (json) return { event: (e) => io.stdout(`${JSON.stringify(e)}\n`), done: () => undefined };
  const tty = io.stderrIsTTY ?? false;
  let live = false;
  let dryRun = false;
  let lastPrinted = 0;
  const clear = () => {
    if (live) io.stderr("\r\x1b[2K");
    live = false;
  };
  const say = (line: string) => {
    clear();
    io.stderr(`${line}\n`);
  };
  return {
    event(e) {
      switch (e.type) {
        case "invalid":
          return say(`onboard: line ${e.line}${e.ref ? ` (${e.ref})` : ""}: ${e.field}: ${e.message}`);
        case "start":
          dryRun = e.dryRun;
          return say(
            e.dryRun
              ? `onboard: dry run: ${e.valid} valid record${e.valid === 1 ? "" : "s"}, ${e.invalid} invalid; nothing was sent`
              : `onboard: ${e.records} record${e.records === 1 ? "" : "s"} to carry through (${e.alreadySubmitted} already submitted, ${e.requeued} queued again, ${e.invalid} invalid), journal in the ${e.store === "embedded" ? "embedded database" : "PostgreSQL database"}`,
          );
        case "record":
          if (e.state === "stopped" || e.state === "failed") say(`onboard: ${e.ref}: ${e.state === "stopped" ? `needs attention (${e.code})` : "failed"}: ${e.reason ?? ""}`);
          return;
        case "progress": {
          const line = progressLine(e);
          if (tty) {
            io.stderr(`\r\x1b[2K${line}`);
            live = true;
          } else if (Date.now() - lastPrinted >= 5000) {
            lastPrinted = Date.now();
            io.stderr(`onboard: ${line}\n`);
          }
          return;
        }
        case "summary":
          // A dry run's start line already said everything but where the report went.
          for (const line of dryRun ? summaryLines(e).slice(1) : summaryLines(e)) say(line);
          return;
        default:
          return;
      }
    },
    done: clear,
  };
}

/** Runs `onboard` with its arguments (after the command name); resolves to the exit code. */
export async function runOnboard(argv: readonly string[], io: OnboardIo): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv, onboardFlags);
  } catch (error) {
    io.stderr(`onboard: ${(error as Error).message}\n`);
    return 2;
  }
  if (flags.switches.has("--help")) {
    io.stdout(onboardUsage);
    return 0;
  }
  const json = flags.switches.has("--json");
  const out = printer(io, json);
  // The first SIGINT/SIGTERM lets records in flight finish (up to --grace-seconds); a second one ends the process.
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    if (!json) io.stderr(`\nonboard: ${name}: finishing the records in flight; ${name} again to quit at once\n`);
    controller.abort();
  };
  const stopListening = io.signal ? () => undefined : onStopSignal(onSignal);
  try {
    const options = await optionsOf(flags, io);
    const { summary } = await onboard({ ...options, signal: io.signal ?? controller.signal, onEvent: out.event });
    out.done();
    if (options.worker && options.input === undefined) return 0;
    if (options.dryRun) return summary.invalid === 0 ? 0 : 1;
    return summary.submitted === summary.total ? 0 : 1;
  } catch (error) {
    out.done();
    const message = error instanceof UsageError || error instanceof OnboardConfigError ? error.message : `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.split("\n")[0]!;
    if (json) io.stdout(`${JSON.stringify({ type: "error", message })}\n`);
    io.stderr(`onboard: ${message}\n`);
    return 2;
  } finally {
    stopListening();
  }
}
