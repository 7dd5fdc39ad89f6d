// A second opinion for the sections Ajv may get wrong (`unevaluatedProperties` next to
// conditionals, `unevaluatedItems`, `$dynamicRef`; see unevaluated.ts): @cfworker/json-schema, an
// interpreter that evaluates these keywords as the specification says and compiles no code. Its
// verdict decides; Ajv's errors stay the report, with the `unevaluated*` ones replaced by the
// interpreter's, so that the fields are named the same way as everywhere else.
import { CfworkerValidator } from "../precompiled/cfworker.js";
import type { CheckError, CompiledCheck } from "./checks.js";
import { escapeSegment } from "./json-pointer.js";
import type { SchemaObject } from "./schema-node.js";
import { sectionPointer } from "./section-entity.js";
import { ajvRef, baseIdOf } from "./schema-ids.js";
import { sectionsNeedingInterpreter } from "./unevaluated.js";

/** Checks one subschema by interpretation: valid or not, and the `unevaluated*` errors found. */
export type InterpretedCheck = (data: unknown) => { valid: boolean; unevaluated: CheckError[] };

/** Builds interpreted checks for the subschemas of one application schema, by JSON pointer. */
export type Interpreter = (schema: SchemaObject) => (pointer: string) => InterpretedCheck;

/** The @cfworker/json-schema interpreter. */
export const cfworkerInterpreter: Interpreter = (schema) => {
  const id = baseIdOf(schema);
  return (pointer) => {
    const validator = new CfworkerValidator({ $ref: ajvRef(schema, id, pointer) }, "2020-12", false);
    validator.addSchema(schema as never, id);
    return (data) => {
      const result = validator.validate(data);
      if (result.valid) return { valid: true, unevaluated: [] };
      const unevaluated: CheckError[] = [];
      for (const error of result.errors) {
        if (error.keyword !== "unevaluatedProperties" && error.keyword !== "unevaluatedItems") continue;
        const instancePath = locationPointer(error.instanceLocation);
        const property = /^Property "(.*)" does not match unevaluated properties schema\.$/s.exec(error.error)?.[1];
        if (error.keyword === "unevaluatedProperties" && property !== undefined) {
          unevaluated.push({ keyword: "unevaluatedProperties", instancePath, schemaPath: error.keywordLocation, params: { unevaluatedProperty: property } });
        } else if (error.keyword === "unevaluatedItems") {
          unevaluated.push({ keyword: "unevaluatedItems", instancePath, schemaPath: error.keywordLocation, params: {}, message: "must not have items the schema does not describe" });
        }
      }
      return { valid: false, unevaluated };
    };
  };
};

/** `#/a/0` (cfworker's instance location, a URI fragment) → `/a/0` (a JSON pointer, as Ajv's). */
function locationPointer(location: string): string {
  const fragment = location.startsWith("#") ? location.slice(1) : location;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * The compiled checks of the sections that need it, combined with the interpreter: the
 * interpreter's verdict, Ajv's errors without its `unevaluated*` ones plus the interpreter's, and
 * none that repeats a cause already reported (a field that failed its own schema is not also
 * "not allowed"). A payload the interpreter accepts is never refused; where the interpreter
 * cannot run (a reference to another document), Ajv's answer stands; where Ajv itself cannot
 * (it recurses without end on some `$dynamicRef`s), the payload is not refused.
 */
export function withInterpreter(schema: SchemaObject, check: (pointer: string) => CompiledCheck, interpreter: Interpreter): (pointer: string) => CompiledCheck {
  const needs = new Set(sectionsNeedingInterpreter(schema).map(sectionPointer));
  if (!needs.size) return check;
  const interpret = interpreter(schema);
  const combined = new Map<string, CompiledCheck>();
  return (pointer) => {
    if (!needs.has(pointer)) return check(pointer);
    let made = combined.get(pointer);
    if (!made) {
      const compiled = check(pointer);
      let interpreted: InterpretedCheck | undefined;
      try {
        interpreted = interpret(pointer);
      } catch {
        interpreted = undefined;
      }
      const combinedCheck: CompiledCheck = (data) => {
        let ajvValid: boolean;
        try {
          ajvValid = compiled(data);
        } catch {
          combinedCheck.errors = null;
          return true;
        }
        let second: ReturnType<InterpretedCheck> | undefined;
        try {
          second = interpreted?.(data);
        } catch {
          second = undefined;
        }
        if (!second) {
          combinedCheck.errors = ajvValid ? null : (compiled.errors ?? null);
          return ajvValid;
        }
        if (second.valid) {
          combinedCheck.errors = null;
          return true;
        }
        // `if` errors only wrap their branch's and are never reported (field-paths.ts): not a cause.
        const kept = (ajvValid ? [] : (compiled.errors ?? [])).filter((e) => e.keyword !== "unevaluatedProperties" && e.keyword !== "unevaluatedItems" && e.keyword !== "if");
        const causes = kept.map((e) => e.instancePath);
        const extra = second.unevaluated.filter((e) => {
          const key = typeof e.params.unevaluatedProperty === "string" ? `${e.instancePath}/${escapeSegment(e.params.unevaluatedProperty)}` : e.instancePath;
          return !causes.some((c) => c === key || c.startsWith(`${key}/`));
        });
        const errors = [...kept, ...extra];
        combinedCheck.errors = errors.length ? errors : null;
        return errors.length === 0;
      };
      made = combinedCheck;
      combined.set(pointer, made);
    }
    return made;
  };
}

