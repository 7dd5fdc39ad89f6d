// What the commands that read an application schema share: their source flags, where the schema
// comes from (`--schema-file`, or `--application-id` with CIRCLE_API_KEY through the client),
// reading it, and the one line a failure prints.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ApiError, ConnectionError, TimeoutError } from "../errors.js";
import { uuidPattern } from "../uuid.js";
import { type ParsedFlags, UsageError } from "./flags.js";

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

/** Where a command reads and writes besides its files. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The live fetch; without it `--application-id` is refused. */
  fetchLiveSchema?: FetchLiveSchema | undefined;
}

/** The flags every schema-reading command takes for its schema source. */
export const schemaSourceFlags = ["--application-id", "--schema-file", "--environment", "--base-url"] as const;

/** Where the schema comes from. */
export interface SchemaSource {
  applicationId?: string;
  schemaFile?: string;
  environment: Environment;
  baseUrl?: string;
}


/**
 * The schema source the flags name: exactly one of `--application-id` and `--schema-file`.
 * @throws UsageError naming the flag at fault
 */
export function schemaSourceOf(flags: ParsedFlags): SchemaSource {
  const source: SchemaSource = { environment: "sandbox" };
  const applicationId = flags.values.get("--application-id");
  const schemaFile = flags.values.get("--schema-file");
  const environment = flags.values.get("--environment");
  const baseUrl = flags.values.get("--base-url");
  if (applicationId !== undefined) {
    if (!uuidPattern.test(applicationId)) throw new UsageError(`--application-id: expected a UUID, got ${JSON.stringify(applicationId)}`);
    source.applicationId = applicationId;
  }
  if (schemaFile !== undefined) source.schemaFile = schemaFile;
  if (environment !== undefined) source.environment = environmentOf(environment);
  if (baseUrl !== undefined) {
    if (!/^https?:\/\//.test(baseUrl) || !URL.canParse(baseUrl)) throw new UsageError(`--base-url: expected an http(s) URL, got ${JSON.stringify(baseUrl)}`);
    source.baseUrl = baseUrl;
  }
  if ((applicationId === undefined) === (schemaFile === undefined)) {
    throw new UsageError("give exactly one of --application-id <uuid> and --schema-file <path> (see --help)");
  }
  if (schemaFile !== undefined && (environment !== undefined || baseUrl !== undefined)) {
    throw new UsageError("--environment and --base-url only apply with --application-id");
  }
  return source;
}

/**
 * The value of `--environment`, checked.
 * @throws UsageError unless it is sandbox or production
 */
export function environmentOf(value: string): Environment {
  if (value !== "sandbox" && value !== "production") throw new UsageError(`--environment: expected sandbox or production, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * A JSON file named by a flag, parsed.
 * @throws UsageError when it cannot be read or is not JSON
 */
export async function readJsonFlag(flag: string, path: string, cwd: string): Promise<unknown> {
  const text = await readFile(resolve(cwd, path), "utf8").catch((error: unknown) => {
    throw new UsageError(`cannot read ${flag} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads the schema from its file, or fetches it with CIRCLE_API_KEY; `say` prints progress.
 * @throws UsageError for a missing key, an unreadable file, a refused key or an unknown application
 */
export async function loadSchema(source: SchemaSource, io: CommandIo, say: (line: string) => void): Promise<unknown> {
  if (source.schemaFile !== undefined) return readJsonFlag("--schema-file", source.schemaFile, io.cwd);
  const token = io.env.CIRCLE_API_KEY;
  if (!token) throw new UsageError("set CIRCLE_API_KEY to fetch the live schema (or use --schema-file)");
  if (!io.fetchLiveSchema) throw new UsageError("fetching the live schema is not available in this entry point; use --schema-file <path>");
  const applicationId = source.applicationId!;
  say(`fetching the schema of application ${applicationId} (${source.baseUrl ?? source.environment})...`);
  try {
    return await io.fetchLiveSchema({ applicationId, token, environment: source.environment, ...(source.baseUrl === undefined ? {} : { baseUrl: source.baseUrl }) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new UsageError(`${error.message} (CIRCLE_API_KEY was refused for ${source.environment})`);
    if (error instanceof ApiError && error.status === 404) throw new UsageError(`${error.message} (no application ${applicationId} in ${source.environment})`);
    throw error;
  }
}

/** One line for any failure: usage errors as they are, API errors with their status, network errors named. */
export function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof ApiError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (error instanceof ConnectionError || error instanceof TimeoutError || (error instanceof TypeError && /fetch/i.test(message))) {
    return `network error: ${message}`;
  }
  return `${name && name !== "Error" ? `${name}: ` : ""}${message}`.split("\n")[0]!;
}
