// Request plumbing shared by every resource method: pre-flight checks from the document's
// rules, per-call transport settings, the Authorization header and idempotency key, then either
// the success body (checked against its documented outline) or a typed error.
import type { Client } from "openapi-fetch";
import type { operations, paths } from "../generated/openapi.js";
import { operationTable } from "../generated/operations.js";
import type { Authorization, Secrets } from "./auth.js";
import {
  apiErrorFor,
  type FieldError,
  InvalidRequestError,
  InvalidResponseError,
  type RequestInfo,
  ValidationError,
} from "./errors.js";
import { idempotencyKeyOf } from "./idempotency.js";
import type { Log } from "./logger.js";
import { assertDuration, checkRetries, type RequestOptions, type ResolvedOptions } from "./options.js";
import { assertValid, type OperationTable } from "./preflight.js";
import type { SchemaValidatorLike } from "./sections/contract.js";
import type { CallSettings, Transport } from "./transport.js";
import type { OperationId } from "./types.js";

type Operation<Id extends OperationId> = operations[Id];
type Params<Id extends OperationId, Where extends "path" | "query"> = NonNullable<Operation<Id>["parameters"][Where]>;
/** The request body of an operation, as the document types it. */
export type BodyOf<Id extends OperationId> = Operation<Id> extends { requestBody: { content: infer C } } ? C[keyof C] : never;
type Success<R> = {
  [S in keyof R]: S extends 200 | 201 ? (R[S] extends { content: infer C } ? C[keyof C] : undefined) : S extends 204 ? void : never;
}[keyof R];

/** The body of an operation's success response, as the document types it. */
export type SuccessOf<Id extends OperationId> = Success<Operation<Id>["responses"]>;

/** The arguments of a call, typed by the operation and checked against its rules before anything is sent. */
export interface CallArgs<Id extends OperationId> {
  path?: Params<Id, "path">;
  query?: Params<Id, "query">;
  /** The JSON body; for a multipart operation, the fields the form was built from (for the checks). */
  body?: BodyOf<Id>;
  /** The multipart form actually sent. */
  form?: FormData;
  /** Read a binary success body as a Blob. */
  parseAs?: "blob";
  /** Section data to check with the call's (or the client's) section validator, if there is one. */
  sections?: (validator: SchemaValidatorLike) => FieldError[];
}

/** Options of a call that saves section data. */
export interface SaveOptions extends RequestOptions {
  /** Refuses an invalid payload with a `ValidationError` before sending; `false` skips the client's validator. */
  validator?: SchemaValidatorLike<object> | false;
}

/** openapi-fetch's generic `request`, for a method and path taken from the operation table. */
type DynamicRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Everything a resource needs to make calls. */
export class Requester {
  readonly #request: DynamicRequest;
  readonly #transport: Transport;
  readonly #options: ResolvedOptions;
  readonly #secrets: Secrets;
  readonly #log: Log;
  readonly #authorization: Authorization;
  readonly #envelopeWarned = new Set<OperationId>();

  constructor(client: Client<paths>, transport: Transport, options: ResolvedOptions, secrets: Secrets, log: Log, authorization: Authorization) {
    this.#request = (client.request as unknown as DynamicRequest).bind(client);
    this.#transport = transport;
    this.#options = options;
    this.#secrets = secrets;
    this.#log = log;
    this.#authorization = authorization;
  }

  /** Calls an operation: its success body, or a typed error. */
  async call<Id extends OperationId>(operationId: Id, args: CallArgs<Id>, options?: SaveOptions): Promise<SuccessOf<Id>> {
    return (await this.exchange(operationId, args, options)).body;
  }

  /** Calls an operation, keeping the response for callers that read its headers. */
  async exchange<Id extends OperationId>(operationId: Id, args: CallArgs<Id>, options?: SaveOptions): Promise<{ body: SuccessOf<Id>; response: Response }> {
    try {
      return await this.#exchange(operationId, args, options);
    } catch (error) {
      throw this.#scrubbed(error);
    }
  }

  /** Checks the arguments of an operation without sending anything (for lazily paginated lists). */
  check<Id extends OperationId>(operationId: Id, args: CallArgs<Id>, options?: RequestOptions): void {
    const rule = operationTable[operationId];
    try {
      if (options !== undefined) checkCallOptions(options, rule.idempotencyKey === true);
      if (args.path && rule.pathParams) assertValid(args.path, rule.pathParams, "path");
      if (args.query && rule.query) assertValid(args.query, rule.query, "query");
      if (rule.body) assertValid(args.body, rule.body, "body");
    } catch (error) {
      throw this.#scrubbed(error);
    }
  }

  /** The error with known tokens removed from its message and stack: every call's errors leave through here. */
  #scrubbed(error: unknown): unknown {
    if (error instanceof Error) {
      error.message = this.#secrets.scrub(error.message);
      if (error.stack) error.stack = this.#secrets.scrub(error.stack);
    }
    return error;
  }

  async #exchange<Id extends OperationId>(operationId: Id, args: CallArgs<Id>, options: SaveOptions | undefined): Promise<{ body: SuccessOf<Id>; response: Response }> {
    const rule = operationTable[operationId];
    this.check(operationId, args, options);
    const validator = (options?.validator as SchemaValidatorLike | false | undefined) ?? this.#options.validator;
    if (args.sections && validator) {
      const errors = args.sections(validator);
      if (errors.length) throw ValidationError.preflight(errors, { method: rule.method, url: this.#options.baseUrl + fill(rule.path, args.path) });
    }
    const token = this.#authorization();
    const authorization = typeof token === "string" ? token : await token;
    const settings: CallSettings = {
      timeoutMs: options?.timeoutMs ?? this.#options.timeoutMs,
      maxRetries: options?.maxRetries ?? this.#options.maxRetries,
      replaySafe: rule.replaySafe !== false,
      signal: options?.signal ?? null,
    };
    let sent: Request | undefined;
    let received: Response | undefined;
    const init: Record<string, unknown> = {
      fetch: (request: Request) => {
        sent = request;
        return this.#transport(request, settings).then((response) => (received = response));
      },
      params: {
        path: args.path,
        query: args.query,
        header: rule.idempotencyKey ? { "X-Idempotency-Key": idempotencyKeyOf(options?.idempotencyKey) } : undefined,
      },
      body: args.form ?? args.body,
      headers: options?.headers ? { ...options.headers, Authorization: authorization } : { Authorization: authorization },
      // Operations documented without a success body read it as text: whatever a server sends is ignored.
      parseAs: args.parseAs ?? (rule.success.body === "none" ? "text" : "json"),
    };

    let result: Awaited<ReturnType<DynamicRequest>>;
    try {
      result = await this.#request(rule.method, rule.path, init);
    } catch (error) {
      // A failed read is already typed by the transport; what remains is openapi-fetch's JSON.parse.
      if (!(error instanceof SyntaxError) || !sent || !received) throw error;
      const request = requestInfo(sent);
      throw new InvalidResponseError(
        `${answered(received.status, request)}: the body is not valid JSON`,
        { status: received.status, headers: received.headers, request },
        { cause: error },
      );
    }
    const { response } = result;
    const requestOf = (): RequestInfo => (sent ? requestInfo(sent) : { method: rule.method, url: rule.path });
    if (!response.ok) {
      const limiter = response.status === 429 ? this.#options.rateLimiter?.snapshot() : undefined;
      throw apiErrorFor({ status: response.status, headers: response.headers, body: this.#secrets.scrubDeep(result.error) as never, request: requestOf(), limiter });
    }
    return { body: this.#checkedBody(operationId, result.data as SuccessOf<Id>, response, requestOf), response };
  }

  /** The body if it has the documented outline, unwrapped from an undeclared `{data}` envelope if need be. */
  #checkedBody<T>(operationId: OperationId, data: T, response: Response, requestOf: () => RequestInfo): T {
    const { success } = operationTable[operationId];
    if (success.body) return data;
    const problem = outlineProblem(data, success);
    if (!problem) return data;
    // Circle's guides wrap some bodies in {"data": ...} that its reference shows bare; accept both.
    const inner = isRecord(data) && Object.keys(data).length === 1 ? data.data : undefined;
    if (inner !== undefined && !outlineProblem(inner, success)) {
      if (!this.#envelopeWarned.has(operationId)) {
        this.#envelopeWarned.add(operationId);
        this.#log.warn?.(`${operationId}: the server wrapped its answer in {"data": ...}, which the OpenAPI document does not declare; unwrapped it`);
      }
      return inner as T;
    }
    const request = requestOf();
    throw new InvalidResponseError(`${answered(response.status, request)}: ${problem}`, {
      status: response.status,
      headers: response.headers,
      request,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What is wrong with a success body against its outline (type and top-level required fields). */
function outlineProblem(data: unknown, outline: OperationTable[OperationId]["success"]): string | undefined {
  if (outline.type === "array") return Array.isArray(data) ? undefined : `expected a JSON array, got ${kind(data)}`;
  if (outline.type === "object") {
    if (!isRecord(data)) return `expected a JSON object, got ${kind(data)}`;
    const missing = (outline.required ?? []).filter((name) => data[name] === undefined);
    if (missing.length) return `the body lacks ${missing.join(", ")}, which the OpenAPI document requires`;
  }
  return undefined;
}

function kind(value: unknown): string {
  if (value === undefined) return "an empty body";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** How an unusable answer is named in messages: `200 from GET /v1/...`. */
function answered(status: number, request: RequestInfo): string {
  return `${status} from ${request.method} ${new URL(request.url).pathname}`;
}

/** A path template with its parameters filled in. */
function fill(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

function requestInfo(request: Request): RequestInfo {
  const url = new URL(request.url);
  return { method: request.method, url: url.origin + url.pathname };
}

/** Checks per-call options before anything is sent. */
function checkCallOptions(options: RequestOptions | undefined, takesKey: boolean): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) throw new InvalidRequestError("options", "expected an object");
  if (options.timeoutMs !== undefined) assertDuration("timeoutMs", options.timeoutMs, false);
  if (options.maxRetries !== undefined) checkRetries("maxRetries", options.maxRetries);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new InvalidRequestError("signal", "expected an AbortSignal");
  if (options.headers !== undefined) {
    if (typeof options.headers !== "object" || options.headers === null) throw new InvalidRequestError("headers", "expected an object of header names to values");
    for (const [name, value] of Object.entries(options.headers)) {
      const lower = name.toLowerCase();
      if (lower === "authorization") throw new InvalidRequestError(`headers.${name}`, "expected no Authorization header: the client's `token` option sets it");
      if (lower === "x-idempotency-key") throw new InvalidRequestError(`headers.${name}`, "expected no idempotency header: the `idempotencyKey` option sets it");
      if (typeof value !== "string") throw new InvalidRequestError(`headers.${name}`, "expected a string value");
    }
  }
  if (options.idempotencyKey !== undefined) {
    if (!takesKey) throw new InvalidRequestError("idempotencyKey", "expected none: only POST operations take an idempotency key");
    idempotencyKeyOf(options.idempotencyKey);
  }
}
