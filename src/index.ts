// The package root: the client, its options and errors, the API's types, and helpers.
export { createOnboardingClient, type OnboardingClient, type UntypedSections } from "./client.js";
export {
  type BackoffOptions,
  type ClientOptions,
  type Environment,
  environments,
  type RequestOptions,
  type TokenSource,
} from "./options.js";
export type { SaveOptions } from "./request.js";
export type { Logger, LogLevel } from "./logger.js";
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DeviceCheckRequiredError,
  type ErrorBody,
  type ErrorCode,
  type FieldError,
  InvalidRequestError,
  InvalidResponseError,
  type KnownErrorCode,
  NotFoundError,
  OnboardingError,
  PermissionDeniedError,
  RateLimitError,
  type RequestInfo,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { ErrorCodes } from "../generated/error-codes.js";
export { newIdempotencyKey } from "./idempotency.js";
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterSnapshot,
  type RateLimitOutcome,
  type RateLimitTicket,
} from "./rate-limiter.js";
export { byStatus, type ResponseByStatus } from "./narrow.js";
export { type Page, Paginator } from "./pagination.js";
export type { ListApplicationsQuery } from "./resources/applications.js";
export type { ListClientsQuery } from "./resources/clients.js";
export type { UploadParams } from "./resources/documents.js";
export type { SectionNameOf } from "./resources/sections.js";
export type { SchemaValidatorLike } from "./sections/contract.js";
export { createSchemaValidator, type JsonSchema, type SchemaValidator, type SectionSchema, type StandardSchemaV1 } from "./sections/index.js";
export * from "./forms/index.js";
export type { FileContent } from "./uploads.js";
export type * from "./types.js";
export * from "./webhooks/index.js";
