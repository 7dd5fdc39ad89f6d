// `circle-onboarding sync-schema`: fetch (or read) the application schema, write the schema
// snapshot and the section types, or with `--check` compare them with the committed ones.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { driftSummary, githubAnnotations } from "../codegen/drift-report.js";
import { diffSchemas } from "../codegen/schema-diff.js";
import { renderPrecompiledValidator } from "../codegen/precompiled-validator.js";
import { renderSectionTypes } from "../codegen/section-types.js";
import { parseFlags as parseCommandLine } from "./flags.js";
import { type CommandIo, describeFailure, loadSchema, type SchemaSource, schemaSourceFlags, schemaSourceOf } from "./schema-source.js";

export type { Environment, FetchLiveSchema, LiveSchemaRequest } from "./schema-source.js";

/** Where the command reads and writes besides the files. */
export type SyncSchemaIo = CommandIo;

/** Where generated files go by default, relative to the working directory. */
export const defaultOutDir = "generated/sections";

/** The `--help` text. */
export const syncSchemaUsage = `Usage: circle-onboarding sync-schema (--application-id <uuid> | --schema-file <path>) [options]

Writes <out>/schema.json (the application's JSON Schema, keys sorted), <out>/index.ts (a
type per section, SectionName, SectionPayloads) and <out>/validate.js with validate.d.ts (the
precompiled section validator: import { validator } from it and pass it to the client; it runs
in browsers and edge runtimes, as it compiles nothing at run time).

  --application-id <uuid>     fetch the live schema of this application; the API key is read
                              from the CIRCLE_API_KEY environment variable
  --environment <env>         sandbox (default) or production, with --application-id
  --base-url <url>            API base URL instead of the environment's (a mock server)
  --schema-file <path>        read a saved schema instead of fetching one
  --out <dir>                 output folder (default ${defaultOutDir})
  --check                     write nothing; exit 1 and describe the drift when the files in
                              --out differ from what the schema gives (annotations on GitHub Actions)
  --help                      show this help

Exit codes: 0 done or up to date, 1 drift found by --check, 2 usage, network or API error.
`;

interface Flags {
  source: SchemaSource;
  out: string;
  check: boolean;
  help: boolean;
}

/** Runs `sync-schema` with its arguments (after the command name); resolves to the exit code. */
export async function runSyncSchema(argv: readonly string[], io: SyncSchemaIo): Promise<number> {
  const say = (line: string): void => io.stderr(`${line}\n`);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout(syncSchemaUsage);
      return 0;
    }
    const schema = await loadSchema(flags.source, io, (line) => say(`sync-schema: ${line}`));
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
  const parsed = parseCommandLine(argv, { values: [...schemaSourceFlags, "--out"], switches: ["--check"] });
  const help = parsed.switches.has("--help");
  const flags = { out: parsed.values.get("--out") ?? defaultOutDir, check: parsed.switches.has("--check"), help };
  if (help) return { ...flags, source: { environment: "sandbox" } };
  return { ...flags, source: schemaSourceOf(parsed) };
}
