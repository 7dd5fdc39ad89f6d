// The retrying fetch that openapi-fetch calls beneath its middleware. The first attempt sends
// the request as built; only a retry rebuilds it, from the body kept at construction, so the
// common case pays for no clone. Each attempt has its own timeout, which also covers reading the
// body, without copying it (a copy cost 14-22 % of a request's CPU).
import { AbortError, ConnectionError, type OnboardingError, parseRetryAfter, TimeoutError } from "./errors.js";
import { type Log, redactHeaders } from "./logger.js";
import type { ResolvedOptions } from "./options.js";
import type { RateLimiter, RateLimitOutcome } from "./rate-limiter.js";
import { isRetryable, type Outcome, retryDelay, sleep, unsafeReplayReason } from "./retry.js";

/** A `Request` that keeps its body as given, so a retry can send it again. */
export class ReplayableRequest extends Request {
  /** The body as passed to the constructor (a string, FormData or Blob; never a consumed stream). */
  readonly replayBody: BodyInit | null;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.replayBody = init?.body ?? null;
  }
}

/** Per-call transport settings. */
export interface CallSettings {
  timeoutMs: number;
  maxRetries: number;
  /** False when a repeat after the server may have applied the request could duplicate records. */
  replaySafe: boolean;
  /**
   * The caller's signal. Resource methods hand it here rather than to the `Request`: undici's
   * `Request` follows a signal with a listener it drops only when garbage-collected, which piles
   * up on a long-lived signal shared by many calls. `null`: no caller signal at all; absent: the
   * request's own signal (as on `raw` calls).
   */
  signal?: AbortSignal | null;
}

/** What the transport needs from the client. */
export type TransportConfig = Pick<ResolvedOptions, "fetch" | "backoff"> & { log: Log; rateLimiter?: RateLimiter | undefined };

/** A fetch for openapi-fetch: retries, per-attempt timeout, caller abort, typed network errors. */
export type Transport = (request: Request, settings: CallSettings) => Promise<Response>;

/** The attempt behind a response whose body is still to be read: its timer covers the body. */
interface HeldAttempt {
  /** Disarms the timer and drops the abort listener. */
  release(): void;
  /** The timer fired (while the body was being read). */
  readonly timedOut: boolean;
}

/** Builds the transport. */
export function createTransport({ fetch: baseFetch, backoff, log, rateLimiter }: TransportConfig): Transport {
  return async function send(request, settings) {
    const caller = settings.signal === undefined ? request.signal : settings.signal;
    const replay = replaySource(request);
    // Only built for a log line or an error: URL parsing is a measurable share of a request.
    const target = () => `${request.method} ${new URL(request.url).pathname}`;
    // The final response: its attempt stays armed until its body has been read.
    const deliver = ({ response, attempt }: { response: Response; attempt: HeldAttempt }) => {
      releaseOnRead(response, { attempt, failure: (error) => readFailure(error, `${response.status} from ${target()}`, attempt.timedOut, caller, settings.timeoutMs) });
      return response;
    };
    for (let attempt = 0; ; attempt++) {
      if (caller?.aborted) throw abortError(target(), caller);
      const current = attempt === 0 || replay === undefined ? request : rebuild(request, await replay);
      const started = log.debug ? Date.now() : 0;
      log.debug?.(`→ ${target()} (attempt ${attempt + 1} of ${settings.maxRetries + 1})`, { headers: redactHeaders(current.headers) });
      // Every attempt, a retry too, waits for its turn and reports back how it ended.
      const ticket = rateLimiter ? await rateLimiter.acquire(caller).catch(() => Promise.reject(abortError(target(), caller!))) : undefined;
      const result = await attemptOnce(baseFetch, current, caller, settings.timeoutMs);
      if (ticket) rateLimiter!.observe(ticket, limiterOutcome(result));
      // The common case, an answer below 400, is final: no retry bookkeeping.
      if (result.kind === "response" && result.response.status < 400 && !log.debug) return deliver(result);
      if (result.kind === "aborted") throw abortError(target(), caller!);
      const outcome: Outcome =
        result.kind === "response"
          ? { kind: "response", status: result.response.status, retryAfter: result.response.headers.get("retry-after") }
          : result.kind === "timeout"
            ? { kind: "timeout" }
            : { kind: "connection", refused: isRefused(result.error) };
      log.debug?.(`← ${target()}: ${describeOutcome(outcome)} in ${Date.now() - started} ms`);

      const retriesLeft = attempt < settings.maxRetries;
      const delay = retriesLeft && replay !== undefined && isRetryable(outcome, settings.replaySafe) ? retryDelay(attempt, outcome, backoff) : undefined;
      if (delay === undefined) {
        const unsafe = unsafeReplayReason(outcome, settings.replaySafe);
        if (unsafe && retriesLeft) log.warn?.(`${target()} ${describeOutcome(outcome)}; ${unsafe}`);
        if (result.kind === "response") return deliver(result);
        const attempts = `${attempt + 1} attempt${attempt ? "s" : ""}`;
        if (result.kind === "timeout") throw new TimeoutError(`${target()} timed out after ${settings.timeoutMs} ms (${attempts})`);
        throw new ConnectionError(`${target()} failed: ${networkReason(result.error)} (${attempts})`, { cause: result.error });
      }
      log.info?.(`retrying ${target()} in ${delay} ms after ${describeOutcome(outcome)} (retry ${attempt + 1} of ${settings.maxRetries})`);
      if (result.kind === "response") {
        result.attempt.release();
        await result.response.body?.cancel().catch(() => undefined);
      }
      try {
        await sleep(delay, caller);
      } catch {
        throw abortError(target(), caller!);
      }
    }
  };
}

const readers = ["arrayBuffer", "blob", "formData", "json", "text"] as const;

/** A delivered response's attempt, and how a failed read of its body is reported. */
interface Armed {
  attempt: HeldAttempt;
  failure(error: unknown): unknown;
}

const armedResponses = new WeakMap<Response, Armed>();
const armedPrototypes = new WeakMap<object, object | null>();

/**
 * Keeps the attempt's timer armed until the body has been read. The response's readers disarm it
 * once the body is in, and turn a failed read into a typed error; a stream handed out as is
 * (`parseAs: "stream"`) is the caller's to bound, so taking it disarms the timer. A response that a
 * middleware replaces unread keeps the timer until it fires, which then only closes the unread body.
 */
function releaseOnRead(response: Response, armed: Armed): void {
  // openapi-fetch reads nothing from a bodiless answer, so no reader would ever disarm the timer.
  const bodiless = response.body === null || response.status === 204 || response.headers.get("content-length") === "0";
  const prototype = bodiless ? null : armedPrototypeOf(Object.getPrototypeOf(response) as object);
  if (!prototype) {
    armed.attempt.release();
    return;
  }
  // Swapping in a prototype built once per response class costs a fraction of a microsecond;
  // defining the readers on every response cost about 9.
  Object.setPrototypeOf(response, prototype);
  armedResponses.set(response, armed);
}

/** The response's attempt, once: a second read, or a read after the stream was taken, fails as the platform makes it fail. */
function take(response: Response): Armed | undefined {
  const armed = armedResponses.get(response);
  if (armed) armedResponses.delete(response);
  return armed;
}

/** The response class's prototype with readers that report to {@link armedResponses}; null without a `body` getter. */
function armedPrototypeOf(base: object): object | null {
  let prototype = armedPrototypes.get(base);
  if (prototype !== undefined) return prototype;
  let body: (() => unknown) | undefined;
  for (let p: object | null = base; p && !body; p = Object.getPrototypeOf(p) as object | null) body = Object.getOwnPropertyDescriptor(p, "body")?.get;
  prototype = null;
  if (body) {
    const getBody = body;
    const properties: PropertyDescriptorMap = {
      body: {
        configurable: true,
        get(this: Response) {
          take(this)?.attempt.release();
          return getBody.call(this);
        },
      },
    };
    for (const name of readers) {
      const read = (base as Record<string, unknown>)[name];
      if (typeof read !== "function") continue;
      properties[name] = {
        configurable: true,
        writable: true,
        value(this: Response) {
          const armed = take(this);
          const reading = (read as () => Promise<unknown>).call(this);
          if (!armed) return reading;
          return reading.then(
            (result) => {
              armed.attempt.release();
              return result;
            },
            (error: unknown) => {
              armed.attempt.release();
              throw armed.failure(error);
            },
          );
        },
      };
    }
    prototype = Object.create(base, properties) as object;
  }
  armedPrototypes.set(base, prototype);
  return prototype;
}

/** The error for a body that broke off after its headers arrived: not retried, the request was processed. */
function readFailure(error: unknown, where: string, timedOut: boolean, caller: AbortSignal | null | undefined, timeoutMs: number): OnboardingError {
  if (timedOut) return new TimeoutError(`${where}: the body did not arrive within ${timeoutMs} ms`, { cause: error });
  if (caller?.aborted) return new AbortError(`${where}: aborted by the caller while reading the body`, { cause: caller.reason });
  return new ConnectionError(`${where}: the connection broke while reading the body`, { cause: error });
}

type AttemptResult =
  | { kind: "response"; response: Response; attempt: HeldAttempt }
  | { kind: "timeout" }
  | { kind: "aborted" }
  | { kind: "connection"; error: unknown };

/** One attempt under its own timer, which stays armed past the headers until released. */
async function attemptOnce(
  baseFetch: TransportConfig["fetch"],
  request: Request,
  caller: AbortSignal | null,
  timeoutMs: number,
): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("the attempt timed out", "TimeoutError"));
  }, timeoutMs);
  const onAbort = () => controller.abort(caller!.reason);
  caller?.addEventListener("abort", onAbort, { once: true });
  const release = () => {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  };
  try {
    const response = await baseFetch(request, { signal: controller.signal });
    return {
      kind: "response",
      response,
      attempt: {
        release,
        get timedOut() {
          return timedOut;
        },
      },
    };
  } catch (error) {
    release();
    if (caller?.aborted) return { kind: "aborted" };
    if (timedOut) return { kind: "timeout" };
    return { kind: "connection", error };
  }
}

/**
 * The body a retry will send: kept by {@link ReplayableRequest}, or (for a request some other
 * middleware replaced) a copy read up front; `undefined` when it cannot be replayed.
 */
function replaySource(request: Request): BodyInit | null | Promise<ArrayBuffer> | undefined {
  if (request instanceof ReplayableRequest) return request.replayBody instanceof ReadableStream ? undefined : request.replayBody;
  if (request.body === null) return null;
  const copy = request.clone().arrayBuffer();
  copy.catch(() => undefined);
  return copy;
}

function rebuild(original: Request, body: BodyInit | null): Request {
  const headers = new Headers(original.headers);
  // FormData gets a fresh boundary when serialised again; the old Content-Type would not match it.
  if (body instanceof FormData) headers.delete("content-type");
  return new Request(original.url, { method: original.method, headers, body, redirect: original.redirect });
}

/** What the rate limiter learns from an attempt: its status, and `Retry-After` on a 429. */
function limiterOutcome(result: AttemptResult): RateLimitOutcome {
  if (result.kind !== "response") return { status: "network" };
  const { status, headers } = result.response;
  return status === 429 ? { status, retryAfterMs: parseRetryAfter(headers.get("retry-after")) } : { status };
}

function abortError(target: string, signal: AbortSignal): AbortError {
  return new AbortError(`${target} aborted by the caller`, { cause: signal.reason });
}

/** Codes that mean the connection was never made, so nothing reached the server. */
const refusedCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function isRefused(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && refusedCodes.has(code);
}

function networkReason(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === "response") return `HTTP ${outcome.status}`;
  if (outcome.kind === "timeout") return "a timeout";
  return outcome.refused ? "connection refused" : "a connection failure";
}
