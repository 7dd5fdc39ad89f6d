// What counts as a UUID, in one place: ids in paths and payloads, and the idempotency key.

/** A UUID of any version, in either case: Circle's ids (`applicationId`, `clientEntityId`, `documentId`). */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID v4 (random, RFC 9562 variant): what `X-Idempotency-Key` must be. */
export const uuidV4Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
