// The retrying fetch that openapi-fetch calls beneath its middleware. The first attempt sends
// the request as built; only a retry rebuilds it, from the body kept at construction, so the
// common case pays for no clone. Each attempt has its own timeout, covering the body too.
import { AbortError, ConnectionError, OnboardingError, TimeoutError } from "./errors.js";
import { type Log, redactHeaders } from "./logger.js";
import type { ResolvedOptions } from "./options.js";
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
   * up on a long-lived signal shared by many calls. Without it, the request's own signal is used.
   */
  signal?: AbortSignal;
}

/** What the transport needs from the client. */
export type TransportConfig = Pick<ResolvedOptions, "fetch" | "backoff"> & { log: Log };

/** A fetch for openapi-fetch: retries, per-attempt timeout, caller abort, typed network errors. */
export type Transport = (request: Request, settings: CallSettings) => Promise<Response>;

/** Builds the transport. */
export function createTransport({ fetch: baseFetch, backoff, log }: TransportConfig): Transport {
  return async function send(request, settings) {
    const caller = settings.signal ?? request.signal;
    const replay = replayBodyOf(request);
    const target = `${request.method} ${new URL(request.url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      if (caller.aborted) throw abortError(target, caller);
      const current = attempt === 0 || !replay ? request : rebuild(request, await replay);
      const started = Date.now();
      log.debug?.(`→ ${target} (attempt ${attempt + 1} of ${settings.maxRetries + 1})`, { headers: redactHeaders(current.headers) });
      const result = await attemptOnce(baseFetch, current, caller, settings.timeoutMs);
      if (result.kind === "aborted") throw abortError(target, caller);
      const outcome: Outcome =
        result.kind === "response"
          ? { kind: "response", status: result.response.status, retryAfter: result.response.headers.get("retry-after") }
          : result.kind === "timeout"
            ? { kind: "timeout" }
            : { kind: "connection", refused: isRefused(result.error) };
      log.debug?.(`← ${target}: ${describeOutcome(outcome)} in ${Date.now() - started} ms`);

      const retriesLeft = attempt < settings.maxRetries;
      const delay = retriesLeft && isRetryable(outcome, settings.replaySafe) && replay !== undefined ? retryDelay(attempt, outcome, backoff) : undefined;
      if (delay === undefined) {
        const unsafe = unsafeReplayReason(outcome, settings.replaySafe);
        if (unsafe && retriesLeft) log.warn?.(`${target} ${describeOutcome(outcome)}; ${unsafe}`);
        if (result.kind === "response") return result.response;
        if (result.kind === "timeout") {
          throw new TimeoutError(`${target} timed out after ${settings.timeoutMs} ms (${attempt + 1} attempt${attempt ? "s" : ""})`);
        }
        throw new ConnectionError(`${target} failed: ${networkReason(result.error)} (${attempt + 1} attempt${attempt ? "s" : ""})`, { cause: result.error });
      }
      log.info?.(`retrying ${target} in ${delay} ms after ${describeOutcome(outcome)} (retry ${attempt + 1} of ${settings.maxRetries})`);
      if (result.kind === "response") await result.response.body?.cancel().catch(() => undefined);
      try {
        await sleep(delay, caller);
      } catch {
        throw abortError(target, caller);
      }
    }
  };
}

type AttemptResult =
  | { kind: "response"; response: Response }
  | { kind: "timeout" }
  | { kind: "aborted" }
  | { kind: "connection"; error: unknown };

/** One attempt under its own timer; the body is read within the attempt so a stalled body times out too. */
async function attemptOnce(
  baseFetch: TransportConfig["fetch"],
  request: Request,
  caller: AbortSignal,
  timeoutMs: number,
): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new OnboardingError("attempt timed out"));
  }, timeoutMs);
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await baseFetch(request, { signal: controller.signal });
    const bytes = nullBodyStatus(response.status) || request.method === "HEAD" ? null : await response.arrayBuffer();
    return {
      kind: "response",
      response: new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers }),
    };
  } catch (error) {
    if (caller.aborted) return { kind: "aborted" };
    if (timedOut) return { kind: "timeout" };
    return { kind: "connection", error };
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onAbort);
  }
}

/**
 * The body a retry will send: kept by {@link ReplayableRequest}, or (for a request some other
 * middleware replaced) a copy read up front; `undefined` when it cannot be replayed.
 */
function replayBodyOf(request: Request): Promise<BodyInit | null> | undefined {
  if (request instanceof ReplayableRequest) {
    const body = request.replayBody;
    return body instanceof ReadableStream ? undefined : Promise.resolve(body);
  }
  if (request.body === null) return Promise.resolve(null);
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

function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
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
