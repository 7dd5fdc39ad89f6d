// How a record's attempt ends: submitted, stopped with a reason that retrying would not change,
// or an error worth retrying later. Errors that would stop every record (a refused key) end the
// whole run instead.
import { AuthenticationError, BadRequestError, DeviceCheckRequiredError, type FieldError, NotFoundError, PermissionDeniedError, ValidationError } from "../errors.js";
import type { StopCode } from "./journal.js";


/** The record stopped: retrying would give the same answer until someone acts. */
export class RecordStop extends Error {
  override name = "RecordStop";
  /** Why, as a code a report can be sorted by. */
  readonly code: StopCode;

  constructor(code: StopCode, reason: string) {
    super(reason);
    this.code = code;
  }
}

/** An answer that would stop every record (the key was refused): the run ends, exit code 2. */
export class RunAbort extends Error {
  override name = "RunAbort";
}

/** One line naming each failing field, the first ten of them. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 10).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return shown.join("; ") + (errors.length > 10 ? ` (+${errors.length - 10} more)` : "");
}

/**
 * The stop (or run abort) an API error means, whatever the step; `undefined` for an error worth
 * retrying (5xx, 429, network, timeout) or one the step handles itself (409).
 */
export function stopFor(error: unknown, doing: string): RecordStop | RunAbort | undefined {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new RunAbort(`Circle refused the API key (${error.message}) while trying to ${doing}; check CIRCLE_API_KEY and its access to the onboarding API`);
  }
  if (error instanceof DeviceCheckRequiredError) {
    return new RecordStop("device_check", `the end user's device check is missing (404, code 181110): their browser must run Circle's device check before the application can be submitted; run again afterwards`);
  }
  if (error instanceof ValidationError) {
    const detail = error.fieldErrors.length ? describeFieldErrors(error.fieldErrors) : error.message;
    return new RecordStop("validation", `Circle refused the data (422) to ${doing}: ${detail}`);
  }
  if (error instanceof BadRequestError) return new RecordStop("needs_attention", `Circle refused the request to ${doing}: ${error.message}`);
  if (error instanceof NotFoundError) return new RecordStop("needs_attention", `not found while trying to ${doing}: ${error.message}`);
  return undefined;
}
