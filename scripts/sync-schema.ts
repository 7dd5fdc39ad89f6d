// `npm run sync-schema -- <flags>`: the CLI's sync-schema on this repository (see --help).
import { processIo } from "../src/cli/process-io.js";
import { runSyncSchema } from "../src/cli/sync-schema.js";

process.exitCode = await runSyncSchema(process.argv.slice(2), processIo());
