// `circle-onboarding/precompiled`: the entry point a `validate.js` written by `sync-schema`
// imports. It assembles the validator from the precompiled checks and provides the helpers Ajv's
// standalone code calls. No code generation at run time, no Node built-in, no CommonJS: it loads
// in browsers (an import map is enough), in Cloudflare Workers and under a strict
// Content-Security-Policy.
import { InvalidRequestError } from "../errors.js";
import type { CompiledCheck } from "../sections/checks.js";
import type { UntypedSections } from "../sections/contract.js";
import { type Interpreter, withInterpreter } from "../sections/interpreted.js";
import { isObject, type SchemaObject } from "../sections/schema-node.js";
import { assembleValidator, type SchemaValidator } from "../sections/schema-validator.js";

export { ajvEqual, ajvFullFormats, ajvUcs2length } from "./ajv-runtime.js";
export { cfworkerInterpreter, type InterpretedCheck, type Interpreter } from "../sections/interpreted.js";
export type { CheckError, CompiledCheck } from "../sections/checks.js";
export type { SchemaValidatorLike, SectionNameOf, UntypedSections } from "../sections/contract.js";
export type { SchemaValidator, SectionSchema, SectionSchemaProps } from "../sections/schema-validator.js";
export type { StandardSchemaV1 } from "../sections/standard-schema.js";

/**
 * The validator of a precompiled `validate.js`: `schema` is the application schema it was built
 * from, `checks` its compiled subschemas by JSON pointer (each section, and each `if` that
 * `requiredFields`/`requiredSections` evaluate), and, for a schema whose `unevaluated*` keywords
 * Ajv may get wrong, the interpreter that checks those sections too (`cfworkerInterpreter`).
 */
export function createPrecompiledValidator<S extends object = UntypedSections>(
  schema: SchemaObject,
  checks: Readonly<Record<string, CompiledCheck>>,
  warnings: readonly string[] = [],
  interpreter?: Interpreter,
): SchemaValidator<S> {
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new InvalidRequestError("schema", "a JSON Schema object whose `properties` are the sections");
  }
  const check = (pointer: string): CompiledCheck => {
    if (!Object.hasOwn(checks, pointer)) throw new Error(`validate.js has no precompiled check for #${pointer}: regenerate it with sync-schema`);
    return checks[pointer]!;
  };
  return assembleValidator<S>({ schema, warnings, check: interpreter ? withInterpreter(schema, check, interpreter) : check });
}
