// `circle-onboarding preview`: serves one page on 127.0.0.1 that renders the application schema
// as an accessible form, for an integrator to see what a template asks and how its conditions
// behave. Runs until Ctrl-C (SIGINT) or SIGTERM.
import { isObject, type JsonValue } from "../sections/schema-node.js";
import { startPreviewServer } from "./preview-server.js";
import { parseFlags, UsageError } from "./flags.js";
import { portFlag, portInUse } from "./port.js";
import { type CommandIo, describeFailure, loadSchema, readJsonFlag, schemaSourceFlags, schemaSourceOf } from "./schema-source.js";
import { nextStopSignal } from "./signals.js";

/** The `--help` text. */
export const previewUsage = `Usage: circle-onboarding preview (--schema-file <path> | --application-id <uuid>) [options]

Serves one page on this machine (127.0.0.1 only) that renders every section of the application
schema as an accessible HTML form: conditional fields appear and disappear as you answer, errors
are those the server's 422 would give, and each section shows the payload sections.save would
send, without the answers of fields that no longer apply. Nothing is sent to Circle. Ctrl-C or
SIGTERM stops it.

  --schema-file <path>        the application's JSON Schema (as sync-schema writes schema.json)
  --application-id <uuid>     fetch the live schema of this application; the API key is read
                              from the CIRCLE_API_KEY environment variable
  --environment <env>         sandbox (default) or production, with --application-id
  --base-url <url>            API base URL instead of the environment's (a mock server)
  --data <path>               answers to start from: a JSON object keyed by section name (the
                              \`data\` of GET …/applications/{id}/data is read as well)
  --context <path>            values known outside the form that conditions may test, as a JSON
                              object keyed by dot path or field name ({"natureOfBusiness": "trust"})
  --port <n>                  the port on 127.0.0.1 (default 0: a free one)
  --help                      show this help

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 usage error (a port in use included), network or
API error.
`;

/** The command's `io`; `until` resolves when the server should stop (the process's Ctrl-C or SIGTERM by default). */
export interface PreviewIo extends CommandIo {
  until?: Promise<unknown> | undefined;
}

/** Runs `preview` with its arguments (after the command name); resolves to the exit code once stopped. */
export async function runPreview(argv: readonly string[], io: PreviewIo): Promise<number> {
  const say = (line: string): void => io.stderr(`preview: ${line}\n`);
  try {
    const flags = parseFlags(argv, { values: [...schemaSourceFlags, "--data", "--context", "--port"] });
    if (flags.switches.has("--help")) {
      io.stdout(previewUsage);
      return 0;
    }
    const source = schemaSourceOf(flags);
    const port = portFlag(flags.values.get("--port")) ?? 0;
    const dataFile = flags.values.get("--data");
    const contextFile = flags.values.get("--context");
    const data = dataFile === undefined ? {} : answersOf(await readJsonFlag("--data", dataFile, io.cwd), dataFile);
    const context = contextFile === undefined ? {} : contextOf(await readJsonFlag("--context", contextFile, io.cwd), contextFile);
    const schema = await loadSchema(source, io, say);
    if (!isObject(schema) || !isObject(schema.properties)) throw new UsageError("the schema is not an application schema: expected a JSON Schema object whose `properties` are the sections");
    const title = typeof schema.title === "string" ? schema.title : "Application preview";
    const server = await startPreviewServer({
      schema,
      port,
      config: { title, source: source.schemaFile ?? `application ${source.applicationId} (${source.baseUrl ?? source.environment})`, data, context },
    }).catch((error: unknown) => {
      throw portInUse(error, port) ?? error;
    });
    io.stdout(`${server.url}\n`);
    say(`serving ${title} at ${server.url} (127.0.0.1 only); Ctrl-C to stop`);
    await (io.until ?? nextStopSignal());
    await server.close();
    say("stopped");
    return 0;
  } catch (error) {
    say(describeFailure(error));
    return 2;
  }
}

/** The answers in a --data file: `{sectionName: payload}`, or the `data` of the bulk read's answer. */
function answersOf(json: unknown, file: string): Record<string, unknown> {
  const answers = isObject(json) && isObject(json.data) && Array.isArray(json.sections) ? json.data : json;
  if (!isObject(answers)) throw new UsageError(`--data ${file} must hold a JSON object keyed by section name`);
  return answers;
}

function contextOf(json: unknown, file: string): Record<string, JsonValue> {
  if (!isObject(json)) throw new UsageError(`--context ${file} must hold a JSON object of values by dot path or field name`);
  return json as Record<string, JsonValue>;
}
