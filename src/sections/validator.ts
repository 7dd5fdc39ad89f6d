// Pre-flight validation of section payloads against the live application schema, with Ajv in
// draft 2020-12 mode. Everything is compiled once, when the validator is created; validating is
// then a call of a compiled function and a pass over its errors.
import Ajv2020Module, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { type FieldError, InvalidRequestError } from "../errors.js";
import { prepareForAjv } from "./ajv-compat.js";
import type { SchemaValidatorLike } from "./contract.js";
import { toFieldErrors } from "./field-paths.js";
import { escapeSegment, resolveRef, valueAt } from "./json-pointer.js";
import { scanVocabulary } from "./keywords.js";
import { requiredFieldsAt } from "./requirements.js";
import { isObject, type JsonSchema, type SchemaObject } from "./schema-node.js";
import { rewriteUnevaluatedProperties } from "./unevaluated.js";

// Both packages are CommonJS and set `exports.default` on the exported function itself, so
// `.default` is right under Node and under bundlers alike (NodeNext types the import as the module).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Validates section payloads against one application schema; pass it to the client to refuse invalid saves before sending. */
export interface SchemaValidator extends SchemaValidatorLike {
  /** The application schema as given, unchanged: what forms read titles, enums and conditions from. */
  readonly schema: SchemaObject;
  /** The sections of the schema, in schema order. */
  readonly sectionNames: readonly string[];
  /** What the validator cannot honour exactly: Ajv #2483 exposure, unknown keywords or formats. */
  readonly warnings: readonly string[];
  /**
   * The errors of one section's payload, shaped like the server's 422 entries; `[]` when valid.
   * @throws InvalidRequestError for a name that is not a section of the schema
   */
  validateSection(name: string, payload: unknown): FieldError[];
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
  requiredFields(name: string, payload: unknown): string[];
  /**
   * The sections the application requires given the data it already holds (`{sectionName: payload}`):
   * the schema's top-level `required` plus the sections its `if`/`then` switch on, such as
   * `trust_details` once `basicBusinessInfo.natureOfBusiness` is `trust`. For forms, and for a check
   * before submitting; a bulk save does not need every section, so `validateData` does not ask this.
   * @throws InvalidRequestError when `data` is not an object
   */
  requiredSections(data: Record<string, unknown>): string[];
}

// Draft 2020-12 keywords Ajv handles without declaring them (strict mode would refuse them).
const silentKeywords = new Set(["$anchor"]);

// The schema needs a base URI for Ajv to find its subschemas by pointer; `.invalid` never resolves.
const fallbackId = "https://circle-onboarding.invalid/application-schema.json";

/** Compiles a validator for an application schema (`GET …/applications/{id}/schema`). */
export function createSchemaValidator(schema: unknown): SchemaValidator {
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new InvalidRequestError("schema", "a JSON Schema object whose `properties` are the sections");
  }
  const rewrite = rewriteUnevaluatedProperties(schema as SchemaObject);
  const root = prepareForAjv(rewrite.schema) as SchemaObject;
  const warnings = rewrite.exposed.map((p) => `unevaluatedProperties at #${p} is exposed to Ajv bug #2483: valid data may be rejected`);

  const ajv = new Ajv2020({
    allErrors: true,
    // Puts each combinator's branches in its error, to tell which branch a `$ref`'s error is from.
    verbose: true,
    // Checking the schema against the 2020-12 meta-schema compiles the meta-schema for every
    // validator (most of the creation time); the schema is Circle's, and Ajv still refuses
    // malformed keywords when compiling.
    validateSchema: false,
    // Inherited members (`constructor`, `toString`) are not the payload's fields.
    ownProperties: true,
    // Strict mode stays on for keywords (unknown ones are found and registered below) but only
    // reports legal-if-odd schemas (`if` without `then`) instead of refusing to compile them.
    strictSchema: "log",
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowMatchingProperties: true,
    logger: { log: () => {}, warn: (...args: unknown[]) => warnings.push(args.join(" ")), error: (...args: unknown[]) => warnings.push(args.join(" ")) },
  });
  addFormats(ajv);
  const vocabulary = scanVocabulary(root, (keyword) => Object.hasOwn(ajv.RULES.keywords, keyword));
  for (const keyword of [...vocabulary.vendorKeywords, ...vocabulary.unknownKeywords]) {
    try {
      ajv.addKeyword(keyword);
    } catch {
      // A name Ajv cannot register (`x-a.b`): strict mode only logs it, see `strictSchema`.
    }
  }
  for (const keyword of vocabulary.unknownKeywords) {
    if (!silentKeywords.has(keyword)) warnings.push(`unknown keyword "${keyword}" ignored`);
  }
  for (const format of vocabulary.formats) {
    if (ajv.formats[format] === undefined) {
      ajv.addFormat(format, true);
      warnings.push(`unknown format "${format}" not checked`);
    }
  }
  const id = typeof root.$id === "string" ? root.$id.replace(/#$/, "") : fallbackId;
  ajv.addSchema(root, typeof root.$id === "string" ? undefined : id);
  const compiled = new Map<string, ValidateFunction>();
  const compile = (pointer: string): ValidateFunction => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.getSchema(`${id}#${pointer.split("/").map(encodeURIComponent).join("/")}`) as ValidateFunction | undefined;
      if (!validate) throw new Error(`no subschema at #${pointer}`);
      compiled.set(pointer, validate);
    }
    return validate;
  };

  const sectionNames = Object.keys(root.properties as object);
  const sectionPointer = (name: string): string => `/properties/${escapeSegment(name)}`;
  for (const name of sectionNames) compile(sectionPointer(name));
  const checkName = (name: string): void => {
    if (!sectionNames.includes(name)) {
      throw new InvalidRequestError("sectionName", `one of ${sectionNames.join(", ")}; got ${JSON.stringify(name)}`);
    }
  };
  const checkData = (data: unknown): void => {
    if (!isObject(data)) throw new InvalidRequestError("data", "an object keyed by section name");
  };
  const test = (pointer: string, value: unknown): boolean => compile(pointer)(value);
  const validateSection = (name: string, payload: unknown): FieldError[] => {
    checkName(name);
    const validate = compile(sectionPointer(name));
    return validate(payload) ? [] : toFieldErrors(name, validate.errors ?? []);
  };

  return {
    schema: schema as SchemaObject,
    sectionNames,
    warnings: [...new Set(warnings)],
    validateSection,
    validateData(data) {
      checkData(data);
      return Object.keys(data).flatMap((name) =>
        sectionNames.includes(name)
          ? validateSection(name, data[name])
          : [{ path: name, code: "additionalProperties", message: `${name} is not a section of this application (sections: ${sectionNames.join(", ")})` }],
      );
    },
    requiredFields(name, payload) {
      checkName(name);
      const section = entitySchema(root, sectionPointer(name));
      if (section.isArray && Array.isArray(payload)) {
        throw new InvalidRequestError("payload", `one entity of the array section ${name}, not the array`);
      }
      return requiredFieldsAt(root, section.pointer, payload, test);
    },
    requiredSections(data) {
      checkData(data);
      return requiredFieldsAt(root, "", data, test);
    },
  };
}

/** The object schema a form edits: the section itself, or the `items` of an array section. */
function entitySchema(root: JsonSchema, pointer: string): { pointer: string; isArray: boolean } {
  let at = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const node = valueAt(root, at);
    if (!isObject(node)) break;
    if (node.type === "array" && node.items !== undefined) return { pointer: `${at}/items`, isArray: true };
    const target = typeof node.$ref === "string" ? resolveRef(root, node.$ref) : undefined;
    if (!target || Object.keys(node).some((k) => k === "properties" || k === "required")) break;
    at = target.pointer;
  }
  return { pointer: at, isArray: false };
}
