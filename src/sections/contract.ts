// What the client needs from a section validator: enough to refuse a payload before sending it.
import type { FieldError } from "../errors.js";

/** A validator of section payloads, such as the one `createSchemaValidator` returns. */
export interface SchemaValidatorLike {
  /** Field errors of one section's payload; empty when valid. */
  validateSection(name: string, payload: unknown): FieldError[];
  /** Field errors of a bulk-save payload keyed by section name; empty when valid. */
  validateData(data: Record<string, unknown>): FieldError[];
}
