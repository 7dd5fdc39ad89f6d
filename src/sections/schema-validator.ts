// A section validator assembled from compiled checks, whether Ajv compiled them at run time
// (`createSchemaValidator`) or `sync-schema` precompiled them into `validate.js`. No Ajv here:
// this is what runs in browsers and on the edge.
import { type FieldError, InvalidRequestError } from "../errors.js";
import type { CompiledCheck } from "./checks.js";
import type { SchemaValidatorLike, SectionNameOf, UntypedSections } from "./contract.js";
import { toFieldErrors, toIssues } from "./field-paths.js";
import { requiredFieldsAt } from "./requirements.js";
import { isObject, type SchemaObject } from "./schema-node.js";
import { sectionEntity, sectionPointer } from "./section-entity.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/**
 * One section as a Standard Schema v1: form libraries validate with it and infer `Output` from it.
 * Its input type is the payload type too (as for a zod or valibot object schema): TanStack Form
 * takes a form validator whose input is the form's values, which `unknown` would not be.
 */
export interface SectionSchema<Output = unknown> extends StandardSchemaV1<Output, Output> {
  /** The Standard Schema entry point; `validate` answers synchronously. */
  readonly "~standard": SectionSchemaProps<Output>;
  /** The section's name in the application schema. */
  readonly name: string;
}

/** What a {@link SectionSchema} carries under `~standard`. */
export interface SectionSchemaProps<Output> extends StandardSchemaV1.Props<Output, Output> {
  /** This package. */
  readonly vendor: "circle-onboarding";
  /** The payload as `Output` when valid; else one issue per cause, its path keys from the section's root. */
  readonly validate: (value: unknown) => StandardSchemaV1.Result<Output>;
}

/** Validates section payloads against one application schema; pass it to the client to refuse invalid saves before sending. */
export interface SchemaValidator<S extends object = UntypedSections> extends SchemaValidatorLike<S> {
  /** The application schema as given, unchanged: what forms read titles, enums and conditions from. */
  readonly schema: SchemaObject;
  /** The sections of the schema, in schema order. */
  readonly sectionNames: readonly SectionNameOf<S>[];
  /** What the validator cannot honour exactly: unknown keywords or formats. */
  readonly warnings: readonly string[];
  /**
   * The errors of one section's payload, shaped like the server's 422 entries; `[]` when valid.
   * @throws InvalidRequestError for a name that is not a section of the schema
   */
  validateSection(name: SectionNameOf<S>, payload: unknown): FieldError[];
  /**
   * The errors of a bulk save (`{sectionName: payload}`): each section present is validated,
   * names that are not sections are errors. Sections that are absent are not required here.
   */
  validateData(data: Record<string, unknown>): FieldError[];
  /**
   * The field names a section requires given the values the payload already holds, for forms:
   * `required` plus the conditional requirements the payload triggers. For an array section,
   * pass one entity: the names are those of an entity.
   * @throws InvalidRequestError for a name that is not a section, or an array for an array section
   */
  requiredFields(name: SectionNameOf<S>, payload: unknown): string[];
  /**
   * The sections the application requires given the data it already holds (`{sectionName: payload}`):
   * the schema's top-level `required` plus the sections its `if`/`then` switch on, such as
   * `trust_details` once `basicBusinessInfo.natureOfBusiness` is `trust`. For forms, and for a check
   * before submitting; a bulk save does not need every section, so `validateData` does not ask this.
   * @throws InvalidRequestError when `data` is not an object
   */
  requiredSections(data: Record<string, unknown>): SectionNameOf<S>[];
  /**
   * One section as a Standard Schema v1 object, for form libraries (`validate` gives the payload
   * typed as the section's, or issues with paths from the section's root).
   * @throws InvalidRequestError for a name that is not a section of the schema
   */
  section<N extends SectionNameOf<S>>(name: N): SectionSchema<S[N]>;
}

/** What a validator is assembled from. */
export interface ValidatorParts {
  /** The application schema as given; its pointers address the compiled checks. */
  schema: SchemaObject;
  /** Problems found when compiling. */
  warnings: readonly string[];
  /** The compiled check of the subschema at a JSON pointer (sections, and every `if` a form may ask about). */
  check(pointer: string): CompiledCheck;
}

export { sectionPointer } from "./section-entity.js";

/** A validator from its compiled checks. */
export function assembleValidator<S extends object = UntypedSections>(parts: ValidatorParts): SchemaValidator<S> {
  const { schema, check } = parts;
  const names = Object.keys(schema.properties as object);
  const sectionNames = names as SectionNameOf<S>[];
  const checkName = (name: string): void => {
    if (!names.includes(name)) throw new InvalidRequestError("sectionName", `one of ${names.join(", ")}; got ${JSON.stringify(name)}`);
  };
  const checkData = (data: unknown): void => {
    if (!isObject(data)) throw new InvalidRequestError("data", "an object keyed by section name");
  };
  const test = (pointer: string, value: unknown): boolean => check(pointer)(value);
  const validateSection = (name: string, payload: unknown): FieldError[] => {
    checkName(name);
    const validate = check(sectionPointer(name));
    return validate(payload) ? [] : toFieldErrors(name, validate.errors ?? [], payload);
  };
  const sections = new Map<string, SectionSchema>();

  return {
    schema,
    sectionNames,
    warnings: [...new Set(parts.warnings)],
    validateSection,
    validateData(data) {
      checkData(data);
      return Object.keys(data).flatMap((name) =>
        names.includes(name)
          ? validateSection(name, data[name])
          : [{ path: name, code: "additionalProperties", message: `${name} is not a section of this application (sections: ${names.join(", ")})` }],
      );
    },
    requiredFields(name, payload) {
      checkName(name);
      const section = sectionEntity(schema, name);
      if (section.isArray && Array.isArray(payload)) {
        throw new InvalidRequestError("payload", `one entity of the array section ${name}, not the array`);
      }
      return requiredFieldsAt(schema, section.pointer, payload, test);
    },
    requiredSections(data) {
      checkData(data);
      return requiredFieldsAt(schema, "", data, test).filter((name) => names.includes(name)) as SectionNameOf<S>[];
    },
    section<N extends SectionNameOf<S>>(name: N): SectionSchema<S[N]> {
      checkName(name);
      let made = sections.get(name);
      if (!made) {
        const validate = check(sectionPointer(name));
        made = {
          name,
          "~standard": {
            version: 1,
            vendor: "circle-onboarding",
            validate: (value) => (validate(value) ? { value } : { issues: toIssues(validate.errors ?? [], value) }),
          },
        };
        sections.set(name, made);
      }
      return made as SectionSchema<S[N]>;
    },
  };
}
