// startMock: a Prism mock of the shipped OpenAPI document for users' own tests. It serves the
// document's named examples (choose one with a `Prefer: code=404, example=deviceCheckMissing`
// request header) and refuses requests the document does not allow, as Circle would.
import { type PrismOptions, startPrism } from "./prism.js";

/** Options of {@link startMock}. */
export interface MockOptions {
  /** Loopback port; 0 (the default) picks a free one. */
  port?: number;
  /** The OpenAPI document to serve; the one shipped with this package by default. */
  document?: string;
  /** Prism's own log level; `silent` by default. */
  logLevel?: NonNullable<PrismOptions["logLevel"]>;
}

/** A running mock. */
export interface RunningMock {
  /** Its base URL, such as `http://127.0.0.1:41911`: pass it as the client's `baseUrl`. */
  readonly url: string;
  /** Stops the mock; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts a Prism mock of Circle's Partner Onboarding API in this process, on a loopback port, for
 * a test's `beforeAll`; resolves once it accepts requests (Prism takes about two seconds to load).
 * Needs Prism, an optional peer dependency: without it, rejects with a `MockUnavailableError`
 * saying what to install.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const prism = await startPrism({ mode: "mock" }, options);
  return { url: prism.url, stop: () => prism.close() };
}
