// createOnboardingClient: wires options, auth, idempotency and the retrying transport into one
// openapi-fetch client, and hangs the resources off it.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { operationTable } from "../generated/operations.js";
import { authMiddleware, bearer, Secrets } from "./auth.js";
import { idempotencyMiddleware } from "./idempotency.js";
import { createLog } from "./logger.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { Requester } from "./request.js";
import { ApplicationsResource } from "./resources/applications.js";
import { ClientsResource } from "./resources/clients.js";
import { DocumentsResource } from "./resources/documents.js";
import { RfisResource } from "./resources/rfis.js";
import { SectionsResource } from "./resources/sections.js";
import { createTransport, ReplayableRequest } from "./transport.js";
import type { UntypedSections } from "./sections/contract.js";
import type { RawPaths } from "./types.js";

export type { UntypedSections } from "./sections/contract.js";

/** The client: one property per resource, plus `raw` for direct typed calls. */
export interface OnboardingClient<S extends object = UntypedSections> {
  /** Partner client entities. */
  readonly clients: ClientsResource;
  /** Onboarding applications. */
  readonly applications: ApplicationsResource<S>;
  /** One section at a time. */
  readonly sections: SectionsResource<S>;
  /** Documents attached to an application. */
  readonly documents: DocumentsResource;
  /** Requests for information and their comments. */
  readonly rfis: RfisResource;
  /**
   * openapi-fetch typed with the OpenAPI document, with the same auth, idempotency keys, retries and
   * timeouts; HTTP errors come back as values. Narrow a result by status with `byStatus`.
   */
  readonly raw: Client<RawPaths>;
}

/**
 * A client for Circle's Partner Onboarding API. `S` maps section names to payload types, such as
 * the `SectionPayloads` that `circle-onboarding sync-schema` generates, so that a mistyped
 * section name or field is a compile error. Given a typed `validator` (the precompiled
 * `validate.js`), `S` is taken from it.
 */
export function createOnboardingClient<S extends object = UntypedSections>(options: ClientOptions<S>): OnboardingClient<S>;
// Last, so that `ReturnType<typeof createOnboardingClient>` is the untyped client rather than one
// instantiated at the bare constraint, where no section name would compile.
export function createOnboardingClient(options: ClientOptions): OnboardingClient;
export function createOnboardingClient<S extends object>(options: ClientOptions<S>): OnboardingClient<S> {
  const resolved = resolveOptions(options);
  const log = createLog(resolved.logger, resolved.logLevel);
  const secrets = new Secrets();
  const transport = createTransport({ fetch: resolved.fetch, backoff: resolved.backoff, log, rateLimiter: resolved.rateLimiter });
  const replaySafe = replaySafety();
  const authorization = bearer(resolved.token, secrets);
  const client = createClient<paths>({
    baseUrl: resolved.baseUrl,
    Request: ReplayableRequest,
    fetch: (request) =>
      transport(request, { timeoutMs: resolved.timeoutMs, maxRetries: resolved.maxRetries, replaySafe: replaySafe(request) }),
  });
  client.use(authMiddleware(authorization), idempotencyMiddleware);
  // Resource methods set both headers themselves and pass their own fetch per call: a client
  // without middleware spares them openapi-fetch's middleware pass (1-2 % of a request's CPU, measured).
  const plain = createClient<paths>({ baseUrl: resolved.baseUrl, Request: ReplayableRequest });
  const requester = new Requester(plain, transport, resolved, secrets, log, authorization);
  return {
    clients: new ClientsResource(requester),
    applications: new ApplicationsResource<S>(requester),
    sections: new SectionsResource<S>(requester),
    documents: new DocumentsResource(requester),
    rfis: new RfisResource(requester),
    raw: client as unknown as Client<RawPaths>,
  };
}

/** Whether a `raw` request may be replayed, from the document's rules for the operation it matches. */
function replaySafety(): (request: Request) => boolean {
  const unsafe = Object.values(operationTable)
    .filter((op) => op.replaySafe === false)
    .map((op) => ({ method: op.method, pattern: new RegExp(`${op.path.replace(/\{\w+\}/g, "[^/]+")}$`) }));
  return (request) => {
    if (request.method === "PATCH") return false;
    const { pathname } = new URL(request.url);
    return !unsafe.some((op) => op.method === request.method && op.pattern.test(pathname));
  };
}
