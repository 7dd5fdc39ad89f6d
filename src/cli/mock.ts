// `circle-onboarding mock`: a Prism mock of the shipped OpenAPI document on a loopback port, for
// trying calls by hand or for a test suite started outside Node; stops on Ctrl-C or SIGTERM.
import { relative, resolve } from "node:path";
import { InvalidRequestError } from "../errors.js";
import { MockUnavailableError } from "../testing/errors.js";
import { startMock } from "../testing/mock.js";
import { shippedDocument } from "../testing/prism.js";

/** The `--help` text. */
export const mockUsage = `Usage: circle-onboarding mock [--port <n>] [--document <path>]

Serves a Prism mock of Circle's Partner Onboarding API on 127.0.0.1, from the OpenAPI document
shipped with this package, and prints its URL. It answers each operation's first documented
example; a request header such as \`Prefer: code=404, example=deviceCheckMissing\` picks another.
Requests the document does not allow are refused, as Circle would. Ctrl-C or SIGTERM stops it.

  --port <n>         port to listen on (default 0: a free one)
  --document <path>  serve another OpenAPI document
  --help             show this help

Needs Prism (optional peer dependencies):
  npm install --save-dev @stoplight/prism-http@5.12.0 @stoplight/prism-http-server@5.12.2 @stoplight/prism-core@5.8.0

Exit codes: 0 stopped by a signal, 1 could not start, 2 usage error or Prism missing.
`;

/** What the command needs from its process. */
export interface MockIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Resolves with the signal's name once the mock should stop; SIGINT or SIGTERM by default. */
  untilStopped?: () => Promise<string>;
}

/** A usage error: one line on stderr, exit code 2. */
class UsageError extends Error {}

/** Runs `mock` with its arguments (after the command name); resolves to the exit code once stopped. */
export async function runMock(argv: readonly string[], io: MockIo): Promise<number> {
  const say = (line: string): void => io.stderr(`circle-onboarding mock: ${line}\n`);
  let options: { port?: number; document?: string };
  try {
    const parsed = parseFlags(argv, io.cwd);
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
  try {
    mock = await startMock(options);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    say(message);
    return error instanceof MockUnavailableError || error instanceof InvalidRequestError ? 2 : 1;
  }
  const document = options.document ?? shippedDocument();
  say(`serving ${relative(io.cwd, document) || document} with Prism; Ctrl-C stops it`);
  io.stdout(`${mock.url}\n`);
  const signal = await (io.untilStopped ?? untilSignal)();
  await mock.stop();
  say(`${signal}: stopped`);
  return 0;
}

function parseFlags(argv: readonly string[], cwd: string): { port?: number; document?: string } | "help" {
  const options: { port?: number; document?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg !== "--port" && arg !== "--document") throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
    if (arg === "--port") {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(value)}`);
      options.port = Number(value);
    } else {
      options.document = resolve(cwd, value);
    }
  }
  return options;
}

/** The first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
