// `npm start`: the onboarding lifecycle through the package's public API, on an embedded Prism
// mock of openapi/ (no account, no network), or with CIRCLE_API_KEY and `--environment sandbox`
// on Circle's sandbox through Prism in proxy mode, ending with the contract report.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "yaml";
import { parseFlags, UsageError } from "../src/cli/flags.js";
import { onStopSignal } from "../src/cli/signals.js";
import { createOnboardingClient } from "../src/index.js";
import { type RunningPrism, shippedDocument, startPrism } from "../src/testing/prism.js";
import { ContractRecorder } from "./lib/contract-report.js";
import { runLifecycle } from "./lib/lifecycle.js";

const usage = `Usage: npm start [-- [--environment sandbox] [--document <path>]]

Runs the onboarding lifecycle through circle-onboarding's public API, on an embedded Prism mock
of openapi/partner-onboarding.yaml: no account, no network.

  --environment sandbox       run it on Circle's sandbox instead, with the key in CIRCLE_API_KEY,
                              through Prism in proxy mode: creates real sandbox records, and ends
                              with a contract report of every place where Circle's answers
                              departed from the OpenAPI document
  --document <path>           serve (or check against) another copy of the OpenAPI document
  --help                      show this help

Exit codes: 0 every step passed, 1 a step failed, 2 usage error (or no CIRCLE_API_KEY for the sandbox).
`;

interface Options {
  environment: "mock" | "sandbox";
  document: string;
}

/** The options of the command line, or the usage for `--help`. */
function parseArgs(argv: readonly string[]): Options | string {
  const flags = parseFlags(argv, { values: ["--environment", "--document"], unknown: "quoted" });
  if (flags.switches.has("--help")) return usage;
  const environment = flags.values.get("--environment");
  const document = flags.values.get("--document");
  if (environment === "production") throw new UsageError("the lifecycle creates records; run it on the sandbox, not production");
  if (environment !== undefined && environment !== "sandbox") throw new UsageError(`--environment: expected "sandbox", got ${JSON.stringify(environment)}`);
  if (document !== undefined && !existsSync(resolve(document))) throw new UsageError(`--document: expected the path of an OpenAPI document, got ${JSON.stringify(document)}, which does not exist`);
  return { environment: environment ?? "mock", document: document === undefined ? shippedDocument() : resolve(document) };
}

/** Dots on a terminal, one line elsewhere, while something slow runs. */
async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(label);
  const timer = process.stdout.isTTY ? setInterval(() => process.stdout.write("."), 200) : undefined;
  try {
    const result = await work;
    process.stdout.write(`: ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    process.stdout.write(" failed\n");
    throw error;
  } finally {
    clearInterval(timer);
  }
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    const parsed = parseArgs(argv);
    if (typeof parsed === "string") {
      process.stdout.write(parsed);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The problem and where the usage is; the usage itself would bury the one line that matters.
    process.stderr.write(`npm start: ${error.message}\nRun \`npm start -- --help\` for the usage.\n`);
    return 2;
  }
  const live = options.environment === "sandbox";
  const token = live ? process.env.CIRCLE_API_KEY : "sk_test_embedded_mock";
  if (!token) {
    process.stderr.write("npm start: --environment sandbox needs the sandbox API key in CIRCLE_API_KEY\n");
    return 2;
  }

  const started = performance.now();
  let prism: RunningPrism | undefined;
  const stop = async () => {
    await prism?.close();
    prism = undefined;
  };
  // The first signal stops Prism and ends the run; a second one finds no listener and ends the process at once.
  const stopListening = onStopSignal((signal) => {
    stopListening();
    process.stderr.write(`\n${signal}: stopping Prism\n`);
    void stop().finally(() => process.exit(130));
  });

  let requests = 0;
  let retries = 0;
  // Only a live run compares answers with the document; the mock reads it in Prism alone.
  let recorder: ContractRecorder | undefined;
  try {
    if (live) recorder = new ContractRecorder(parse(await readFile(options.document, "utf8")));
    console.log(
      live
        ? "circle-onboarding: the onboarding lifecycle on Circle's sandbox (real sandbox records), through Prism in proxy mode"
        : "circle-onboarding: the onboarding lifecycle on an embedded Prism mock of the OpenAPI document",
    );
    prism = await withProgress(
      live ? "Starting Prism (proxy to https://api-sandbox.circle.com)" : "Starting Prism",
      startPrism(live ? { mode: "proxy", upstream: "https://api-sandbox.circle.com" } : { mode: "mock" }, { document: options.document }),
    );
    const counting = (input: Request, init?: RequestInit) => {
      requests++;
      // A mock answers every page alike; ask it for its last-page example once a cursor is sent.
      if (!live && new URL(input.url).searchParams.has("starting_after")) input.headers.set("Prefer", "example=lastPage");
      return fetch(input, init);
    };
    const circle = createOnboardingClient({
      token,
      baseUrl: prism.url,
      fetch: recorder ? recorder.wrap(counting) : counting,
      // Retries are counted from the client's own notices; warnings and errors are shown.
      logLevel: "info",
      logger: {
        debug: () => undefined,
        info: (message: string) => void (message.includes("retrying") && retries++),
        warn: (message: string) => console.warn(message),
        error: (message: string) => console.error(message),
      },
    });
    const { calls } = await runLifecycle({ circle, target: live ? "live" : "mock", print: (line) => console.log(line) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`\nDone: ${calls} calls, ${requests} HTTP requests (${retries} retries), ${seconds} s.`);
    if (recorder) console.log(`\n${recorder.render()}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`\n✘ ${message.split("\n")[0]}`);
    if (recorder?.findings.length) console.error(`\n${recorder.render()}`);
    return 1;
  } finally {
    await stop();
    stopListening();
    if (!prism) console.log("Prism stopped.");
  }
}

process.exitCode = await main(process.argv.slice(2));
