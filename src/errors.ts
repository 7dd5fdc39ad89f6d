// The error hierarchy: one base, one API error carrying the response, a class per status that
// callers branch on, and the failures that have no status (network, timeout, abort, bad input).
import { ErrorCodes, errorCodeMeanings } from "../generated/error-codes.js";
import type { components } from "../generated/openapi.js";
import type { RateLimiterSnapshot } from "./rate-limiter.js";

/** Circle's error body as the OpenAPI document describes it. */
export type ErrorBody = components["schemas"]["Error"];

/** Circle's numeric error code: a known one (autocompleted, narrowable) or any other number. */
export type ErrorCode = components["schemas"]["ErrorCode"];

/** The error codes whose meaning the OpenAPI document states; named in `ErrorCodes`. */
export type KnownErrorCode = components["schemas"]["KnownErrorCode"];

/** One failing field, as the server's 422 entries and the pre-flight validator report it. */
export interface FieldError {
  /** Dot path of the field, starting with the section for section data (`beneficial_owners.0.firstName`); Circle's `location`. */
  path: string;
  /** What failed: a JSON Schema keyword (`required`, `maxLength`, ...) or Circle's own code (its `error`). */
  code: string;
  /** One readable line. */
  message: string;
  /** The rejected value, when the server sent it (Circle's general error format). */
  invalidValue?: unknown;
  /** The constraint that failed, such as `{ min: 25 }`, when the server sent it. */
  constraints?: Record<string, unknown>;
}

/** Base class of every error this package throws. */
export class OnboardingError extends Error {
  override name = "OnboardingError";
}

/** What the client knows about the request that failed; never its headers or body. */
export interface RequestInfo {
  /** HTTP method. */
  method: string;
  /** URL without the query string. */
  url: string;
}

/** What an {@link ApiError} is built from. */
export interface ApiErrorInit {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, its text otherwise, `undefined` when empty. */
  body: ErrorBody | string | undefined;
  request: RequestInfo;
  /** What the client's rate limiter had seen when a 429 ended the call. */
  limiter?: RateLimiterSnapshot | undefined;
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The server answered with a non-2xx status. */
export class ApiError extends OnboardingError {
  override name = "ApiError";
  /** HTTP status. */
  readonly status: number;
  /**
   * Circle's error code from the body, when there is one: compare it with `ErrorCodes`. Known
   * codes narrow; unknown numbers (and a string code from a non-Circle body) are kept as sent.
   */
  readonly code: ErrorCode | (string & {}) | undefined;
  /** The `X-Request-Id` response header, to quote to Circle support. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers;
  /** Parsed JSON body, or its text when it was not JSON (an HTML error page). */
  readonly body: ErrorBody | string | undefined;
  /** The method and URL of the failed request. */
  readonly request: RequestInfo;

  constructor(init: ApiErrorInit) {
    const parsed = describeBody(init.body);
    super(oneLine(init.status, parsed));
    this.status = init.status;
    this.code = parsed.code;
    this.requestId = init.headers.get("x-request-id") ?? undefined;
    this.headers = init.headers;
    this.body = init.body;
    this.request = init.request;
    // Headers print as a long map in util.inspect; keep them reachable but out of the way.
    Object.defineProperty(this, "headers", { enumerable: false });
  }

  /** A plain object for logs: status, code, message, request id, method and URL. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      request: this.request,
    };
  }
}

/** 400: the server could not accept the request as sent. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
/** 401: the token is missing, malformed or not enabled for this API. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
/** 403: the token may not do this. */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}
/** 404: no such record for this partner. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
/**
 * 404 with Circle code 181110 on submit (or resubmit after RFIs) of a Stablecoin KYB application:
 * the end user's browser has not run Circle's device check (`@circle-fin/device-checks`). Never
 * retried: run the check in the end user's browser, then submit again.
 */
export class DeviceCheckRequiredError extends NotFoundError {
  override name = "DeviceCheckRequiredError";
}
/** 409: the request conflicts with the record's state (a duplicate, an application no longer editable). */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}

/** 422, from the server or from the pre-flight validator: the payload fails validation, field by field. */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  /** One entry per failing field, with its dot path. */
  readonly fieldErrors: readonly FieldError[];
  /** True when the client refused the payload itself and sent nothing. */
  readonly preflight: boolean;

  constructor(init: ApiErrorInit, preflight = false) {
    super(init);
    this.fieldErrors = describeBody(init.body).fieldErrors;
    this.preflight = preflight;
  }

  /** A validation error found before sending: same shape as the server's, nothing was sent. */
  static preflight(fieldErrors: readonly FieldError[], request: RequestInfo): ValidationError {
    const body: ErrorBody = { code: 422, message: "Validation failed before sending.", errors: [...fieldErrors] };
    return new ValidationError({ status: 422, headers: new Headers(), body, request }, true);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors, preflight: this.preflight };
  }
}

/** 429: rate limited; retried automatically until retries run out. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  /** How long the server asked to wait, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  /** What the client's rate limiter had seen (its rate, 429s, pause) when the call gave up; none without a limiter. */
  readonly limiter: RateLimiterSnapshot | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers.get("retry-after"));
    this.limiter = init.limiter;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs, limiter: this.limiter };
  }
}

/** 5xx: the server failed; retried automatically where that is safe. */
export class ServerError extends ApiError {
  override name = "ServerError";
}

/** No response: the connection failed or was reset. */
export class ConnectionError extends OnboardingError {
  override name = "ConnectionError";
}

/** No response within the per-attempt timeout, on every attempt allowed. */
export class TimeoutError extends OnboardingError {
  override name = "TimeoutError";
}

/** The caller's `AbortSignal` aborted the call. */
export class AbortError extends OnboardingError {
  override name = "AbortError";
}

/** A 2xx answer the client cannot use: not JSON, or missing what the document promises. */
export class InvalidResponseError extends OnboardingError {
  override name = "InvalidResponseError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** The `X-Request-Id` response header. */
  readonly requestId: string | undefined;
  /** The method and URL of the request. */
  readonly request: RequestInfo;

  constructor(message: string, init: { status: number; headers: Headers; request: RequestInfo }, options?: ErrorOptions) {
    super(message, options);
    this.status = init.status;
    this.requestId = init.headers.get("x-request-id") ?? undefined;
    this.request = init.request;
  }
}

/** Bad input caught before any request was sent: names the field and what was expected. */
export class InvalidRequestError extends OnboardingError {
  override name = "InvalidRequestError";
  /** The argument or field at fault, such as `applicationId` or `query.pageSize`. */
  readonly field: string;

  constructor(field: string, expected: string) {
    super(`${field}: ${expected}`);
    this.field = field;
  }
}

/** The class for a status; anything unlisted is a plain {@link ApiError}. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  const { status } = init;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionDeniedError(init);
  // The code alone tells the two 404s apart; the constructor describes the body once.
  if (status === 404) return typeof init.body === "object" && init.body?.code === ErrorCodes.DEVICE_CHECK_MISSING ? new DeviceCheckRequiredError(init) : new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new ValidationError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new ServerError(init);
  return new ApiError(init);
}

/** Milliseconds from a `Retry-After` value: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface DescribedBody {
  code: ErrorCode | (string & {}) | undefined;
  /** The body's own message, one line; empty when it gave none. */
  given: string;
  /** What to show: the body's message, or else a snippet of it. */
  message: string;
  fieldErrors: FieldError[];
}

/** Reads any error body leniently: Circle's `{code, message, errors}`, its general format, text, nothing. */
export function describeBody(body: unknown): DescribedBody {
  const none = { code: undefined, given: "", fieldErrors: [] };
  if (body === undefined || body === null || body === "") return { ...none, message: "(empty body)" };
  if (typeof body === "string") return { ...none, message: textSnippet(body) };
  if (typeof body !== "object" || Array.isArray(body)) return { ...none, message: textSnippet(JSON.stringify(body)) };
  const record = body as Record<string, unknown>;
  const code = (typeof record.code === "number" && Number.isFinite(record.code)) || typeof record.code === "string" ? record.code : undefined;
  const given = typeof record.message === "string" ? flat(record.message) : "";
  const message = given || textSnippet(JSON.stringify(body));
  const entries = Array.isArray(record.errors) ? record.errors : [];
  return { code, given, message, fieldErrors: entries.flatMap(fieldErrorOf) };
}

/**
 * One field error from an entry of `errors`, in either of Circle's shapes: the how-to's
 * `{path, code, message}` or the general `{location, error, message, invalidValue, constraints}`.
 */
function fieldErrorOf(entry: unknown): FieldError[] {
  if (typeof entry !== "object" || entry === null) return [];
  const e = entry as Record<string, unknown>;
  const path = firstString(e.path, e.location, e.field) ?? "";
  const code = firstString(e.code, e.error, e.keyword) ?? "invalid";
  const message = firstString(e.message) ?? code;
  const fieldError: FieldError = { path, code, message };
  if ("invalidValue" in e) fieldError.invalidValue = e.invalidValue;
  if (typeof e.constraints === "object" && e.constraints !== null && !Array.isArray(e.constraints)) fieldError.constraints = e.constraints as Record<string, unknown>;
  return [fieldError];
}

/**
 * The one-line message: `404 Not Found: <what> (code 181110)`. What: the failing fields, else the
 * known code's meaning when the body only gives the status's phrase, else the body's message.
 * The code is shown unless it merely repeats the status, as in `{"code": 401, ...}`.
 */
function oneLine(status: number, parsed: DescribedBody): string {
  const title = titles[status] ?? "HTTP error";
  const { code } = parsed;
  // -1 says only that Circle hid the real code: it describes no error, so it is not spelt out.
  const meaning = typeof code === "number" && code !== ErrorCodes.NOT_ALLOWLISTED ? (errorCodeMeanings as Readonly<Record<number, string>>)[code] : undefined;
  const generic = parsed.given === "" || sameWords(parsed.given, title) || sameWords(parsed.given, phrases[status]);
  const what = summary(parsed.fieldErrors) ?? (meaning && generic ? meaning : generic && parsed.given ? "" : parsed.message);
  const shownCode = code === undefined || code === status ? "" : ` (code ${flat(String(code)).slice(0, 40)})`;
  return `${status} ${title}${what ? `: ${what}` : ""}${shownCode}`;
}

/** The phrases Circle's error bodies use where they differ from {@link titles}. */
const phrases: Record<number, string> = { 422: "Unprocessable entity" };

function sameWords(a: string, b: string | undefined): boolean {
  const words = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, " ").trim();
  return b !== undefined && words(a) === words(b);
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === "string" && v !== "") return v;
  for (const v of values) if (typeof v === "number") return String(v);
  return undefined;
}

function summary(fieldErrors: FieldError[]): string | undefined {
  if (!fieldErrors.length) return undefined;
  // Field errors keep the server's text; only the one-line summary is flattened.
  const shown = fieldErrors.slice(0, 5).map((e) => flat(e.path ? `${e.path} ${e.code}` : e.message));
  const more = fieldErrors.length > 5 ? ` (+${fieldErrors.length - 5} more)` : "";
  return shown.join(", ") + more;
}

/** `text` on one line: every run of whitespace, line breaks included, becomes one space. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A text body on one short line: tags dropped, whitespace collapsed, cut at 160 characters. */
function textSnippet(text: string): string {
  const flat = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!flat) return "(empty body)";
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
