// Prism, run in this process on the OpenAPI document: nothing is spawned, so nothing is left
// behind when the process ends, however it ends.
import { fileURLToPath } from "node:url";

/** How to run Prism: serve the document's examples, or forward to an upstream and validate. */
export type PrismMode = { mode: "mock" } | { mode: "proxy"; upstream: string };

/** Options for {@link startPrism}. */
export interface PrismOptions {
  /** The OpenAPI document; defaults to the project's. */
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

/** The project's OpenAPI document. */
export const defaultDocument = fileURLToPath(new URL("../../openapi/partner-onboarding.yaml", import.meta.url));

/** Starts Prism in this process on a loopback port and resolves once it accepts requests. */
export async function startPrism(mode: PrismMode = { mode: "mock" }, options: PrismOptions = {}): Promise<RunningPrism> {
  // Loaded lazily: importing Prism takes about two seconds.
  const [{ getHttpOperationsFromSpec }, { createServer }, { createLogger }] = await Promise.all([
    import("@stoplight/prism-http"),
    import("@stoplight/prism-http-server"),
    import("@stoplight/prism-core"),
  ]);
  const operations = await getHttpOperationsFromSpec(options.document ?? defaultDocument);
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
  const server = createServer(operations, {
    cors: false,
    components: { logger: createLogger("PRISM", { level: options.logLevel ?? "silent" }) },
    config,
  });
  const url = await server.listen(options.port ?? 0, "127.0.0.1");
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= server.close()),
  };
}
