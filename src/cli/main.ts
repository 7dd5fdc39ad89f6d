// The `circle-onboarding` command. Subcommands are imported when run, so that
// json-schema-to-typescript (behind `sync-schema`) and Prism (behind `mock`) load only on their path.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processIo } from "./process-io.js";
import type { SyncSchemaIo } from "./sync-schema.js";

/** The `--help` text. */
export const usage = `Usage: circle-onboarding <command> [options]

Commands:
  sync-schema   generate section payload types and a precompiled validator from an
                application's JSON Schema
                (--check: fail when the committed types have drifted from the live schema)
  preview       serve a page on 127.0.0.1 that renders the schema as a live, accessible form
  mock          serve a Prism mock of the API on a loopback port, for tests (needs Prism)
  onboard       carry a JSON Lines file of customers through onboarding, exactly once
  help          show this help

Run \`circle-onboarding <command> --help\` for a command's options.
`;

/** Runs the command line (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: SyncSchemaIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(usage);
    return 2;
  }
  if (command === "help" || command === "--help" || command === "-h") {
    io.stdout(usage);
    return 0;
  }
  if (command === "sync-schema") {
    const { runSyncSchema } = await import("./sync-schema.js");
    return runSyncSchema(rest, io);
  }
  if (command === "preview") return (await import("./preview.js")).runPreview(rest, io);
  if (command === "mock") {
    const { runMock } = await import("./mock.js");
    return runMock(rest, io);
  }
  if (command === "onboard") return (await import("./onboard.js")).runOnboard(rest, { ...io, stderrIsTTY: process.stderr.isTTY === true });
  io.stderr(`circle-onboarding: unknown command ${JSON.stringify(command)}\n\n${usage}`);
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
