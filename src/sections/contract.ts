// What the client needs from a section validator, and the section payload maps that type it.
// Types only: the precompiled validator's entry point shares them without loading Ajv.
import type { FieldError } from "../errors.js";
import type { SectionPayload } from "../types.js";

/** Section payload types when none are given: any section name, any payload. */
export type UntypedSections = Record<string, SectionPayload>;

/** A section name of `S`; any string for {@link UntypedSections}. */
export type SectionNameOf<S extends object> = keyof S & string;

/** A validator of section payloads, such as the one `createSchemaValidator` or a precompiled `validate.js` gives. */
export interface SchemaValidatorLike<S extends object = UntypedSections> {
  /** Field errors of one section's payload; empty when valid. */
  validateSection(name: SectionNameOf<S>, payload: unknown): FieldError[];
  /** Field errors of a bulk-save payload keyed by section name; empty when valid. */
  validateData(data: Record<string, unknown>): FieldError[];
  /**
   * Types only, never set at run time: the section payload map this validator checks, which
   * lets `createOnboardingClient({ validator })` take its section types from the validator.
   */
  readonly types?: { readonly sections: S } | undefined;
}
