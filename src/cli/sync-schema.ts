// `circle-onboarding sync-schema`: fetch (or read) the application schema, write the schema
// snapshot and the section types, or with `--check` compare them with the committed ones.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { ApiError, ConnectionError, TimeoutError } from "../errors.js";
import { driftSummary, githubAnnotations } from "../codegen/drift-report.js";
import { diffSchemas } from "../codegen/schema-diff.js";
import { renderPrecompiledValidator } from "../codegen/precompiled-validator.js";
import { renderSectionTypes } from "../codegen/section-types.js";

/** The environments a live schema can come from. */
export type Environment = "sandbox" | "production";

/** What {@link FetchLiveSchema} needs to fetch `GET /v1/onboarding/partner/applications/{id}/schema`. */
export interface LiveSchemaRequest {
  applicationId: string;
  /** The API key, from `CIRCLE_API_KEY`. */
  token: string;
  environment: Environment;
  /** Overrides the environment's base URL (a mock server). */
  baseUrl?: string;
}

/** Fetches the live application schema; rejects with an `ApiError` for a non-2xx answer. */
export type FetchLiveSchema = (request: LiveSchemaRequest) => Promise<unknown>;

/** Where the command reads and writes besides the files. */
export interface SyncSchemaIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The live fetch; without it `--application-id` is refused. */
  fetchLiveSchema?: FetchLiveSchema | undefined;
}

/** Where generated files go by default, relative to the working directory. */
export const defaultOutDir = "generated/sections";

/** The `--help` text. */
export const syncSchemaUsage = `Usage: circle-onboarding sync-schema (--application-id <uuid> | --schema-file <path>) [options]

Writes <out>/schema.json (the application's JSON Schema, keys sorted), <out>/index.ts (a
type per section, SectionName, SectionPayloads) and <out>/validate.js with validate.d.ts (the
precompiled section validator: import { validator } from it and pass it to the client; it runs
in browsers and edge runtimes, as it compiles nothing at run time).

  --application-id <uuid>   fetch the live schema of this application; the API key is read
                            from the CIRCLE_API_KEY environment variable
  --environment <env>       sandbox (default) or production
  --base-url <url>          API base URL instead of the environment's (a mock server)
  --schema-file <path>      read a saved schema instead of fetching one
  --out <dir>               output folder (default ${defaultOutDir})
  --check                   write nothing; exit 1 and describe the drift when the files in
                            --out differ from what the schema gives (annotations on GitHub Actions)
  --help                    show this help

Exit codes: 0 done or up to date, 1 drift found by --check, 2 usage, network or API error.
`;

interface Flags {
  applicationId?: string;
  schemaFile?: string;
  environment: Environment;
  baseUrl?: string;
  out: string;
  check: boolean;
  help: boolean;
}

/** A usage or input error: one line on stderr, exit code 2. */
class UsageError extends Error {}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const valueFlags = new Set(["--application-id", "--schema-file", "--environment", "--base-url", "--out"]);

/** Runs `sync-schema` with its arguments (after the command name); resolves to the exit code. */
export async function runSyncSchema(argv: readonly string[], io: SyncSchemaIo): Promise<number> {
  const say = (line: string): void => io.stderr(`${line}\n`);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout(syncSchemaUsage);
      return 0;
    }
    const schema = await loadSchema(flags, io, say);
    const started = Date.now();
    say("sync-schema: generating section types...");
    const types = await renderSectionTypes(schema);
    const precompiled = renderPrecompiledValidator(schema);
    const rendered: Rendered = { schemaJson: types.schemaJson, indexTs: types.indexTs, validateJs: precompiled.validateJs, validateDts: precompiled.validateDts };
    for (const warning of new Set([...types.warnings, ...precompiled.warnings])) say(`sync-schema: warning: ${warning}`);
    const outDir = resolve(io.cwd, flags.out);
    const files: Files = { schema: join(outDir, "schema.json"), index: join(outDir, "index.ts"), validateJs: join(outDir, "validate.js"), validateDts: join(outDir, "validate.d.ts") };
    const shown = (file: string): string => relative(io.cwd, file).split("\\").join("/") || file;
    say(`sync-schema: generated in ${Date.now() - started} ms`);
    if (flags.check) return await check(rendered, files, shown, io);
    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    for (const [file, content] of [
      [files.schema, rendered.schemaJson],
      [files.index, rendered.indexTs],
      [files.validateJs, rendered.validateJs],
      [files.validateDts, rendered.validateDts],
    ] as const) {
      if ((await readFile(file, "utf8").catch(() => undefined)) === content) continue;
      await writeFile(file, content);
      written.push(shown(file));
    }
    say(written.length ? `sync-schema: wrote ${written.join(", ")}` : `sync-schema: ${shown(outDir)} already up to date`);
    return 0;
  } catch (error) {
    say(`sync-schema: ${describeFailure(error)}`);
    return 2;
  }
}

/** The generated files' contents. */
interface Rendered {
  schemaJson: string;
  indexTs: string;
  validateJs: string;
  validateDts: string;
}

/** Where they go. */
interface Files {
  schema: string;
  index: string;
  validateJs: string;
  validateDts: string;
}

/** `--check`: 0 when the committed files are what the schema gives, 1 with a drift report otherwise. */
async function check(rendered: Rendered, files: Files, shown: (file: string) => string, io: SyncSchemaIo): Promise<number> {
  const read = (file: string): Promise<string | undefined> => readFile(file, "utf8").catch(() => undefined);
  const committedSchema = await read(files.schema);
  const generated = [
    [files.index, rendered.indexTs],
    [files.validateJs, rendered.validateJs],
    [files.validateDts, rendered.validateDts],
  ] as const;
  const stale: string[] = [];
  for (const [file, content] of generated) if ((await read(file)) !== content) stale.push(shown(file));
  if (committedSchema === rendered.schemaJson && !stale.length) {
    io.stderr(`sync-schema: ${shown(files.schema)}, ${generated.map(([file]) => shown(file)).join(", ")} are up to date\n`);
    return 0;
  }
  const lines: string[] = [];
  const annotate = io.env.GITHUB_ACTIONS === "true";
  if (committedSchema === undefined) {
    lines.push(`${shown(files.schema)} is missing: run sync-schema without --check and commit the result.`);
    if (annotate) lines.push(`::error file=${shown(files.schema)},title=Application schema snapshot missing::run sync-schema and commit ${shown(files.schema)}`);
  } else if (committedSchema !== rendered.schemaJson) {
    let before: unknown;
    try {
      before = JSON.parse(committedSchema);
    } catch {
      before = {};
    }
    const changes = diffSchemas(before, JSON.parse(rendered.schemaJson));
    lines.push(...driftSummary(changes, shown(files.schema)));
    if (annotate) lines.push(...githubAnnotations(changes, shown(files.schema)));
    lines.push("Run sync-schema without --check to update the files, review the breaking changes, and commit.");
  } else {
    lines.push(`${stale.join(", ")} ${stale.length === 1 ? "is" : "are"} stale (the schema is unchanged; the generator's output is not): run sync-schema without --check and commit.`);
    if (annotate) for (const file of stale) lines.push(`::error file=${file},title=Generated file stale::regenerate ${file} with sync-schema`);
  }
  io.stdout(lines.join("\n") + "\n");
  return 1;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { environment: "sandbox", out: defaultOutDir, check: false, help: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "--help" || name === "-h") {
      flags.help = true;
      continue;
    }
    if (name === "--check") {
      flags.check = true;
      continue;
    }
    if (!valueFlags.has(name)) throw new UsageError(`unknown argument ${arg} (see --help)`);
    if (seen.has(name)) throw new UsageError(`${name} given twice`);
    seen.add(name);
    const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${name} needs a value`);
    if (name === "--application-id") {
      if (!uuid.test(value)) throw new UsageError(`--application-id must be a UUID, got ${JSON.stringify(value)}`);
      flags.applicationId = value;
    } else if (name === "--schema-file") flags.schemaFile = value;
    else if (name === "--out") flags.out = value;
    else if (name === "--environment") {
      if (value !== "sandbox" && value !== "production") throw new UsageError(`--environment must be sandbox or production, got ${JSON.stringify(value)}`);
      flags.environment = value;
    } else if (name === "--base-url") {
      if (!/^https?:\/\//.test(value) || !URL.canParse(value)) throw new UsageError(`--base-url must be an http(s) URL, got ${JSON.stringify(value)}`);
      flags.baseUrl = value;
    }
  }
  if (flags.help) return flags;
  if ((flags.applicationId === undefined) === (flags.schemaFile === undefined)) {
    throw new UsageError("give exactly one of --application-id <uuid> and --schema-file <path> (see --help)");
  }
  if (flags.schemaFile !== undefined && (seen.has("--environment") || seen.has("--base-url"))) {
    throw new UsageError("--environment and --base-url only apply with --application-id");
  }
  return flags;
}

async function loadSchema(flags: Flags, io: SyncSchemaIo, say: (line: string) => void): Promise<unknown> {
  if (flags.schemaFile !== undefined) {
    const file = resolve(io.cwd, flags.schemaFile);
    const text = await readFile(file, "utf8").catch((error: unknown) => {
      throw new UsageError(`cannot read --schema-file ${flags.schemaFile}: ${error instanceof Error ? error.message : String(error)}`);
    });
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new UsageError(`--schema-file ${flags.schemaFile} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const token = io.env.CIRCLE_API_KEY;
  if (!token) throw new UsageError("set CIRCLE_API_KEY to fetch the live schema (or use --schema-file)");
  if (!io.fetchLiveSchema) throw new UsageError("fetching the live schema is not available in this entry point; use --schema-file <path>");
  const applicationId = flags.applicationId!;
  say(`sync-schema: fetching the schema of application ${applicationId} (${flags.baseUrl ?? flags.environment})...`);
  try {
    return await io.fetchLiveSchema({ applicationId, token, environment: flags.environment, ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new UsageError(`${error.message} (CIRCLE_API_KEY was refused for ${flags.environment})`);
    if (error instanceof ApiError && error.status === 404) throw new UsageError(`${error.message} (no application ${applicationId} in ${flags.environment})`);
    throw error;
  }
}

/** One line for any failure: usage errors as they are, API errors with their status, network errors named. */
function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof ApiError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (error instanceof ConnectionError || error instanceof TimeoutError || (error instanceof TypeError && /fetch/i.test(message))) {
    return `network error: ${message}`;
  }
  return `${name && name !== "Error" ? `${name}: ` : ""}${message}`.split("\n")[0]!;
}
