// `circle-onboarding mock`: a Prism mock of the shipped OpenAPI document on a loopback port, for
// trying calls by hand or for a test suite started outside Node; stops on Ctrl-C or SIGTERM.
import { relative, resolve } from "node:path";
import { InvalidRequestError } from "../errors.js";
import { MockUnavailableError, prismInstall } from "../testing/errors.js";
import { type MockOptions, startMock } from "../testing/mock.js";
import { shippedDocument } from "../testing/prism.js";
import { parseFlags, UsageError } from "./flags.js";
import { portFlag, portInUse } from "./port.js";
import { nextStopSignal } from "./signals.js";

/** The `--help` text. */
export const mockUsage = `Usage: circle-onboarding mock [--port <n>] [--document <path>]

Serves a Prism mock of Circle's Partner Onboarding API on 127.0.0.1, from the OpenAPI document
shipped with this package, and prints its URL. It answers each operation's first documented
example; a request header such as \`Prefer: code=404, example=deviceCheckMissing\` picks another.
Requests the document does not allow are refused, as Circle would. Ctrl-C or SIGTERM stops it.

  --port <n>                  the port on 127.0.0.1 (default 0: a free one)
  --document <path>           serve another OpenAPI document
  --help                      show this help

Needs Prism (optional peer dependencies):
  npm install --save-dev ${prismInstall}

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 could not start, 2 usage error (a port in use
included) or Prism missing.
`;

/** What the command needs from its process. */
export interface MockIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Resolves with the signal's name once the mock should stop; SIGINT or SIGTERM by default. */
  untilStopped?: () => Promise<string>;
}

/** Runs `mock` with its arguments (after the command name); resolves to the exit code once stopped. */
export async function runMock(argv: readonly string[], io: MockIo): Promise<number> {
  const say = (line: string): void => io.stderr(`circle-onboarding mock: ${line}\n`);
  let options: MockOptions;
  try {
    const parsed = optionsOf(argv, io.cwd);
    if (parsed === "help") {
      io.stdout(mockUsage);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`${error.message}; run \`circle-onboarding mock --help\` for the usage`);
    return 2;
  }
  let mock: Awaited<ReturnType<typeof startMock>>;
  let document: string;
  try {
    document = options.document ?? shippedDocument();
    mock = await startMock({ ...options, document });
  } catch (error) {
    const taken = portInUse(error, options.port ?? 0);
    const message = taken?.message ?? (error instanceof Error ? error.message.split("\n")[0]! : String(error));
    say(message);
    return taken || error instanceof MockUnavailableError || error instanceof InvalidRequestError ? 2 : 1;
  }
  say(`serving ${relative(io.cwd, document) || document} with Prism; Ctrl-C stops it`);
  io.stdout(`${mock.url}\n`);
  const signal = await (io.untilStopped ?? nextStopSignal)();
  await mock.stop();
  say(`${signal}: stopped`);
  return 0;
}

/** The mock's options from its flags, or "help". */
function optionsOf(argv: readonly string[], cwd: string): MockOptions | "help" {
  const flags = parseFlags(argv, { values: ["--port", "--document"], unknown: "quoted" });
  if (flags.switches.has("--help")) return "help";
  const options: MockOptions = {};
  const port = portFlag(flags.values.get("--port"));
  const document = flags.values.get("--document");
  if (port !== undefined) options.port = port;
  if (document !== undefined) options.document = resolve(cwd, document);
  return options;
}
