// Prism, run in this process on an OpenAPI document: nothing is spawned, so nothing is left behind
// when the process ends, however it ends. The one implementation behind `startMock`, the `mock`
// command, `npm start` (mock and proxy) and this project's own tests.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidRequestError } from "../errors.js";
import { MockUnavailableError, prismPackages } from "./errors.js";

/** How to run Prism: serve the document's examples, or forward to an upstream and validate both ways. */
export type PrismMode = { mode: "mock" } | { mode: "proxy"; upstream: string };

/** Options for {@link startPrism}. */
export interface PrismOptions {
  /** The OpenAPI document; the one shipped with this package by default. */
  document?: string;
  /** Loopback port; 0 (the default) picks a free one. */
  port?: number;
  /** Log level of Prism's own logger; silent by default. */
  logLevel?: "silent" | "error" | "warn" | "info" | "debug";
}

/** A running Prism server. */
export interface RunningPrism {
  /** Base URL, such as `http://127.0.0.1:41911`. */
  readonly url: string;
  /** Stops the server; safe to call twice. */
  close(): Promise<void>;
}

const documentPath = join("openapi", "partner-onboarding.yaml");

/**
 * The OpenAPI document shipped with the package: the nearest `openapi/partner-onboarding.yaml`
 * above this module, which sits at a different depth in the sources, the ESM build and the bin.
 */
export function shippedDocument(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, documentPath);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`circle-onboarding: ${documentPath} not found above ${from}; the package is incomplete`);
  }
}

/** Loads a Prism package; a missing one is a {@link MockUnavailableError} naming what to install. */
export type PrismLoader = (name: (typeof prismPackages)[number]) => Promise<unknown>;

const load: PrismLoader = (name) => import(name);

/** Checks the options a user passes, before anything slow is loaded. */
export function checkPrismOptions(options: PrismOptions): void {
  const { port, document } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new InvalidRequestError("port", `expected an integer from 0 to 65535 (0 picks a free port), got ${JSON.stringify(port)}`);
  }
  if (document !== undefined && (typeof document !== "string" || !existsSync(document))) {
    throw new InvalidRequestError("document", `expected the path of an OpenAPI document, got ${JSON.stringify(document)}, which does not exist`);
  }
}

/** Starts Prism in this process on a loopback port and resolves once it accepts requests. */
export async function startPrism(mode: PrismMode = { mode: "mock" }, options: PrismOptions = {}, loader: PrismLoader = load): Promise<RunningPrism> {
  checkPrismOptions(options);
  // Loaded lazily: importing Prism takes about two seconds, and it is an optional peer dependency.
  const [http, server, core] = await loadPrism(loader);
  const operations = await http.getHttpOperationsFromSpec(options.document ?? shippedDocument());
  const base = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config =
    mode.mode === "proxy"
      ? { ...base, isProxy: true as const, upstream: new URL(mode.upstream) }
      : { ...base, isProxy: false as const };
  const prism = server.createServer(operations, {
    cors: false,
    components: { logger: core.createLogger("PRISM", { level: options.logLevel ?? "silent" }) },
    config,
  });
  const url = await prism.listen(options.port ?? 0, "127.0.0.1").catch((reason: unknown) => {
    throw listenError(reason);
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= prism.close()),
  };
}

/**
 * Prism's server rejects a failed listen with the error's message alone; this makes it an Error
 * again, with the system code the message starts with (`listen EADDRINUSE: …`).
 */
function listenError(reason: unknown): unknown {
  if (typeof reason !== "string") return reason;
  const code = /^\w+ (E[A-Z]+)\b/.exec(reason)?.[1];
  return Object.assign(new Error(reason), code === undefined ? {} : { code });
}

type PrismModules = [typeof import("@stoplight/prism-http"), typeof import("@stoplight/prism-http-server"), typeof import("@stoplight/prism-core")];

/** The three Prism packages, or one error naming every one that is missing. */
async function loadPrism(loader: PrismLoader): Promise<PrismModules> {
  const results = await Promise.allSettled(prismPackages.map((name) => loader(name)));
  const missing = prismPackages.filter((name, i) => {
    const result = results[i]!;
    return result.status === "rejected" && isMissing(result.reason, name);
  });
  if (missing.length) throw new MockUnavailableError(missing);
  // Anything else that failed (a broken install) is not ours to rephrase.
  for (const result of results) if (result.status === "rejected") throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as PrismModules;
}

/** Whether an import failed because `name` itself is not installed (not one of its own imports). */
function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message.includes(`'${name}'`);
}
