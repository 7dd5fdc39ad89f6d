// The `circle-onboarding` command. Subcommands are imported when run, so that
// json-schema-to-typescript (behind `sync-schema`) and Prism (behind `mock`) load only on their path.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processIo } from "./process-io.js";
import type { CommandIo } from "./schema-source.js";

/** The `--help` text. */
export const usage = `Usage: circle-onboarding <command> [options]

Commands:
  sync-schema   generate section types and a precompiled validator from an application's schema,
                or with --check fail when the committed ones have drifted from it
  preview       serve a page on 127.0.0.1 that renders the schema as a live, accessible form
  mock          serve a Prism mock of the API on 127.0.0.1, for tests (needs Prism)
  onboard       carry a JSON Lines file of customers through onboarding, exactly once
  help          show this help, or a command's with \`help <command>\`

Run \`circle-onboarding <command> --help\` for a command's options. Every command prints a usage
error as one line and exits 2.
`;

/** Each command by name, imported when it runs. */
const commands: Readonly<Record<string, (argv: readonly string[], io: CommandIo) => Promise<number>>> = {
  "sync-schema": async (argv, io) => (await import("./sync-schema.js")).runSyncSchema(argv, io),
  preview: async (argv, io) => (await import("./preview.js")).runPreview(argv, io),
  mock: async (argv, io) => (await import("./mock.js")).runMock(argv, io),
  onboard: async (argv, io) => (await import("./onboard.js")).runOnboard(argv, { ...io, stderrIsTTY: process.stderr.isTTY === true }),
};

/** Runs the command line (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(usage);
    return 2;
  }
  const help = command === "help" || command === "--help" || command === "-h";
  // `help <command>` is `<command> --help`.
  const name = help ? rest[0] : command;
  if (name === undefined) {
    io.stdout(usage);
    return 0;
  }
  const run = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (run) return run(help ? ["--help"] : rest, io);
  io.stderr(`circle-onboarding: unknown command ${JSON.stringify(name)}\n\n${usage}`);
  return 2;
}

/** True when this module is the process entry (also through an npm bin symlink). */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`circle-onboarding: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
