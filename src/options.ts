// Client options: their public shape, their defaults, and the checks that refuse a bad
// configuration at construction rather than at the first request.
import { InvalidRequestError } from "./errors.js";
import type { SchemaValidatorLike, UntypedSections } from "./sections/contract.js";
import { type Logger, type LogLevel, logLevels } from "./logger.js";
import type { RateLimiter } from "./rate-limiter.js";

/** A token, or a function returning one per request (lets a long-lived client pick up rotated keys). */
export type TokenSource = string | (() => string | Promise<string>);

/** Circle's environments. */
export type Environment = "sandbox" | "production";

/** Base URLs of Circle's environments. */
export const environments: Readonly<Record<Environment, string>> = {
  sandbox: "https://api-sandbox.circle.com",
  production: "https://api.circle.com",
};

/** Options of {@link createOnboardingClient}; `S` is the section payload map its validator checks. */
export interface ClientOptions<S extends object = UntypedSections> {
  /** Circle API key (sent as `Authorization: Bearer <token>`), or a function called once per request. */
  token: TokenSource;
  /** Which Circle environment; `sandbox` by default. */
  environment?: Environment;
  /** Overrides `environment`: a mock, a proxy. Must be https unless its host is loopback. */
  baseUrl?: string;
  /** Retries after a retryable failure; 2 by default (3 attempts in all). */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds, body included; 30 000 by default. */
  timeoutMs?: number;
  /** Backoff between retries when the server gives no `Retry-After`. */
  backoff?: BackoffOptions;
  /** A custom `fetch`, such as one with a proxy agent; by default the global one, looked up at each request. */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** Where logs go; never receives a token. `console` by default. */
  logger?: Logger;
  /** Lowest level logged; `warn` by default. `debug` logs each attempt. */
  logLevel?: LogLevel;
  /**
   * Validates section payloads before `sections.save` and `applications.saveData` send them: a
   * precompiled `validate.js` from `sync-schema`, or `createSchemaValidator(schema)`. Its section
   * types become the client's when the client is created without them.
   */
  validator?: SchemaValidatorLike<S>;
  /** Paces every attempt (resource and `raw` calls, retries too); share one `createRateLimiter()` between the clients of a process. */
  rateLimiter?: RateLimiter;
}

/** Exponential backoff with jitter: `initialMs × 2^retry`, capped at `maxMs`, minus up to 25 %. */
export interface BackoffOptions {
  /** Delay before the first retry; 500 by default. */
  initialMs?: number;
  /** Longest delay, also the cap on `Retry-After`; 8 000 by default (60 000 for `Retry-After`). */
  maxMs?: number;
  /** Longest `Retry-After` honoured; a longer one stops retrying. 60 000 by default. */
  maxRetryAfterMs?: number;
}

/** Options of one call; each overrides the client's. */
export interface RequestOptions {
  /** `X-Idempotency-Key` for a POST (a UUID v4); a new one per call by default. Reused on every retry. */
  idempotencyKey?: string;
  /** Aborts the call at once, without retrying. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Retries after a retryable failure. */
  maxRetries?: number;
  /** Extra request headers, such as a trace id; `Authorization` and `X-Idempotency-Key` have their own options. */
  headers?: Record<string, string>;
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  token: TokenSource;
  baseUrl: string;
  maxRetries: number;
  timeoutMs: number;
  backoff: Required<BackoffOptions>;
  fetch: (input: Request, init?: RequestInit) => Promise<Response>;
  logger: Logger;
  logLevel: LogLevel;
  validator: SchemaValidatorLike | undefined;
  rateLimiter: RateLimiter | undefined;
}

/** Checks and completes the client's options; throws {@link InvalidRequestError} naming the bad one. */
export function resolveOptions<S extends object>(options: ClientOptions<S>): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new InvalidRequestError("options", "expected an object with at least `token`");
  const { token } = options;
  if (typeof token === "string") assertTokenShape(token);
  else if (typeof token !== "function") throw new InvalidRequestError("token", "expected a non-empty API key or a function returning one");
  const environment = options.environment ?? "sandbox";
  if (!(environment in environments)) throw new InvalidRequestError("environment", `expected "sandbox" or "production", got ${JSON.stringify(environment)}`);
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new InvalidRequestError("fetch", "expected a fetch function");
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") throw new InvalidRequestError("fetch", "expected a fetch function; this runtime has no global fetch");
  // The global fetch is looked up on every request, not kept: MSW, nock or undici's MockAgent
  // installed after the client was created must still see its requests.
  const fetchImpl = options.fetch ?? ((input: Request, init?: RequestInit) => globalThis.fetch(input, init));
  const logLevel = options.logLevel ?? "warn";
  if (!logLevels.includes(logLevel)) throw new InvalidRequestError("logLevel", `expected one of ${logLevels.map((l) => `"${l}"`).join(", ")}`);
  const backoff = {
    initialMs: options.backoff?.initialMs ?? 500,
    maxMs: options.backoff?.maxMs ?? 8_000,
    maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? 60_000,
  };
  for (const [name, value] of Object.entries(backoff)) assertDuration(`backoff.${name}`, value, true);
  return {
    token,
    baseUrl: checkBaseUrl(options.baseUrl ?? environments[environment]),
    maxRetries: checkRetries("maxRetries", options.maxRetries ?? 2),
    timeoutMs: assertDuration("timeoutMs", options.timeoutMs ?? 30_000, false),
    backoff,
    fetch: fetchImpl,
    logger: options.logger ?? console,
    logLevel,
    // The client passes section names of `S` only; the validator's own types are not needed past here.
    validator: options.validator as SchemaValidatorLike | undefined,
    rateLimiter: checkRateLimiter(options.rateLimiter),
  };
}

/** A rate limiter: anything with `acquire`, `observe` and `snapshot`. */
function checkRateLimiter(value: unknown): RateLimiter | undefined {
  if (value === undefined) return undefined;
  const limiter = value as Partial<RateLimiter> | null;
  if (typeof limiter?.acquire !== "function" || typeof limiter.observe !== "function" || typeof limiter.snapshot !== "function") {
    throw new InvalidRequestError("rateLimiter", "expected a limiter from createRateLimiter() (acquire, observe, snapshot)");
  }
  return limiter as RateLimiter;
}

/** Refuses an empty token or one that cannot go in a header, without echoing it. */
export function assertTokenShape(token: string): void {
  if (typeof token !== "string" || token.trim() === "") throw new InvalidRequestError("token", "expected a non-empty API key");
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new InvalidRequestError("token", "expected an API key without spaces or control characters");
}

/** A retry count: an integer from 0 to 10. */
export function checkRetries(field: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 10) {
    throw new InvalidRequestError(field, `expected an integer from 0 to 10, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

/** A duration in milliseconds: finite and positive (or zero, where allowed). */
export function assertDuration(field: string, value: unknown, zeroAllowed: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new InvalidRequestError(field, `expected a ${zeroAllowed ? "non-negative" : "positive"} number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** An absolute https URL, or http on a loopback host; without a trailing slash. */
export function checkBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new InvalidRequestError("baseUrl", `expected an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.username || url.password) throw new InvalidRequestError("baseUrl", "expected a URL without credentials; pass the key as `token`");
  if (url.search || url.hash) throw new InvalidRequestError("baseUrl", "expected a URL without a query or fragment");
  const loopback = loopbackHosts.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new InvalidRequestError("baseUrl", `expected an https URL (http only on a loopback host), got ${url.protocol}//${url.host}`);
  }
  return url.href.replace(/\/+$/, "");
}
