// Errors of webhook handling: a message of the wrong shape, and a message that cannot be trusted.
// Messages name the field and what was expected; they never carry a body, a token or a signature.
import { OnboardingError } from "../errors.js";

/** The body is not an SNS message, or its Circle payload is not an onboarding notification. */
export class InvalidNotificationError extends OnboardingError {
  override name = "InvalidNotificationError";
  /** The field at fault, such as `SigningCertURL` or `Message.status`; `body` for the whole body. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

/** A well-formed Circle payload whose `notificationType` is not an onboarding event. */
export class UnknownNotificationTypeError extends InvalidNotificationError {
  override name = "UnknownNotificationTypeError";
  /** The type Circle sent; the same endpoint may receive other Circle notifications. */
  readonly notificationType: string;

  constructor(notificationType: string, problem: string) {
    super("Message.notificationType", problem);
    this.notificationType = notificationType;
  }
}

/** Why a signature check failed, to branch on without parsing the message. */
export type SignatureFailureReason =
  | "unsupported_signature_version"
  | "untrusted_certificate_url"
  | "untrusted_topic"
  | "certificate_unavailable"
  | "invalid_certificate"
  | "invalid_signature";

/** The message could not be shown to come from Amazon SNS (or from the expected topic). */
export class SignatureVerificationError extends OnboardingError {
  override name = "SignatureVerificationError";
  /** What failed. `certificate_unavailable` is the only one worth retrying. */
  readonly reason: SignatureFailureReason;

  constructor(reason: SignatureFailureReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** How a received value reads in an error: its kind, or a short string when `echo` allows it. */
export function received(value: unknown, echo = false): string {
  if (value === undefined) return "missing";
  if (value === null) return "got null";
  if (Array.isArray(value)) return "got an array";
  if (typeof value === "string") {
    if (value === "") return "got an empty string";
    // Tokens, signatures and payloads stay out of messages; short enum-like values help debugging.
    return echo && value.length <= 64 ? `got ${JSON.stringify(value)}` : `got a ${value.length}-character string`;
  }
  if (typeof value === "number" || typeof value === "boolean") return echo ? `got ${String(value)}` : `got a ${typeof value}`;
  return `got ${typeof value === "object" ? "an object" : `a ${typeof value}`}`;
}

/** The error for a field that is missing or not what was expected. */
export function fieldError(field: string, expected: string, value: unknown, echo = false): InvalidNotificationError {
  const problem = value === undefined ? `missing (expected ${expected})` : `expected ${expected}, ${received(value, echo)}`;
  return new InvalidNotificationError(field, problem);
}
