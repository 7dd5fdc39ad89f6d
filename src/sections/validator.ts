// Pre-flight validation of section payloads against the live application schema, with Ajv in
// draft 2020-12 mode. Everything is compiled once, when the validator is created; validating is
// then a call of a compiled function and a pass over its errors.
import type { ValidateFunction } from "ajv/dist/2020.js";
import { InvalidRequestError } from "../errors.js";
import { ajvFor } from "./ajv-instance.js";
import { ajvRef } from "./schema-ids.js";
import type { UntypedSections } from "./contract.js";
import { cfworkerInterpreter, withInterpreter } from "./interpreted.js";
import { isObject, type SchemaObject } from "./schema-node.js";
import { assembleValidator, type SchemaValidator } from "./schema-validator.js";

export type { SchemaValidator, SectionSchema } from "./schema-validator.js";

/**
 * Compiles a validator for an application schema (`GET …/applications/{id}/schema`) with Ajv, at
 * run time: for live schemas in Node. Where code generation is refused (Cloudflare Workers, a
 * page whose Content-Security-Policy forbids `unsafe-eval`), use the `validate.js` that
 * `sync-schema` precompiles. `S` is the section payload map (`SectionPayloads`), inferred from
 * where the validator is used when not given.
 */
export function createSchemaValidator<S extends object = UntypedSections>(schema: unknown): SchemaValidator<S> {
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new InvalidRequestError("schema", "a JSON Schema object whose `properties` are the sections");
  }
  const { ajv, id, warnings } = ajvFor(schema as SchemaObject);
  const compiled = new Map<string, ValidateFunction>();
  const check = (pointer: string): ValidateFunction => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.getSchema(ajvRef(schema as SchemaObject, id, pointer)) as ValidateFunction | undefined;
      if (!validate) throw new Error(`no subschema at #${pointer}`);
      compiled.set(pointer, validate);
    }
    return validate;
  };
  const validator = assembleValidator<S>({ schema: schema as SchemaObject, warnings, check: withInterpreter(schema as SchemaObject, check, cfworkerInterpreter) });
  // Compiled now, so that a schema Ajv cannot compile fails here rather than at the first save.
  for (const name of validator.sectionNames) validator.section(name);
  return validator;
}
