// Values shared by the tests: the document's example ids, an end user's consent, and UUID v4 keys.

/** The example application id of the OpenAPI document. */
export const applicationId = "550e8400-e29b-41d4-a716-446655440000";
/** The example client entity id. */
export const clientEntityId = "880e8400-e29b-41d4-a716-446655440099";
/** The example document id. */
export const documentId = "550e8400-e29b-41d4-a716-446655440002";
/** The example RFI id. */
export const rfiId = "550e8400-e29b-41d4-a716-446655440003";
/** The example comment id. */
export const commentId = "550e8400-e29b-41d4-a716-446655440006";
/** The example entity reference id. */
export const refId = "550e8400-e29b-41d4-a716-446655440001";

/** An end user's consent, as `applications.submit` takes it. */
export const consent = { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" } as const;

/** A UUID v4 numbered `n` (`00000000-0000-4000-8000-000000000007`), for ids a test makes up in bulk. */
export const numberedId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A fresh idempotency key. */
export const newKey = (): string => crypto.randomUUID();
