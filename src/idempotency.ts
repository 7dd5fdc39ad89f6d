// X-Idempotency-Key: one UUID v4 per logical POST, chosen here unless the caller brings one.
// Retries happen beneath the middleware, so every attempt carries the key set once here.
import type { Middleware } from "openapi-fetch";
import { InvalidRequestError } from "./errors.js";
import { uuidV4Pattern } from "./uuid.js";

/** The header Circle reads. */
export const idempotencyHeader = "X-Idempotency-Key";

/** A new key: `crypto.randomUUID()`, present in Node 20, browsers (secure contexts), Deno, Bun and workers. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The caller's key if it is a UUID v4, a new key if none; throws {@link InvalidRequestError} otherwise. */
export function idempotencyKeyOf(key: string | undefined): string {
  if (key === undefined) return newIdempotencyKey();
  if (typeof key !== "string" || !uuidV4Pattern.test(key)) {
    // The value is not echoed: a key is sometimes mistaken for, or taken from, a secret.
    throw new InvalidRequestError("idempotencyKey", `expected a UUID v4, got ${typeof key === "string" ? `a ${key.length}-character string that is not one` : typeof key}`);
  }
  return key;
}

/** Middleware giving every POST a key (validating one set by the caller) before it is sent. */
export const idempotencyMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== "POST") return undefined;
    const key = request.headers.get(idempotencyHeader);
    request.headers.set(idempotencyHeader, idempotencyKeyOf(key ?? undefined));
    return request;
  },
};
