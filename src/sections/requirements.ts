// Which fields a payload must have, given the values it already holds: `required`, plus the
// `then`/`else` branches whose `if` the payload decides, `dependentRequired` and `dependentSchemas`
// of the fields present. Each `if` is evaluated by Ajv, so every condition form is supported.
import { toPointer } from "./json-pointer.js";
import { asSchema, isObject, type JsonSchema, schemaMap, stringList } from "./schema-node.js";
import { allOfPointers, walkSubschemas } from "./schema-walk.js";

/** Tells whether the subschema at a pointer accepts a value. */
export type SubschemaTest = (pointer: string, value: unknown) => boolean;

/**
 * The required field names of the object schema at `pointer` for `payload`, in schema order
 * (unconditional ones first). `anyOf`/`oneOf` branches are not resolved: which one a form
 * should follow is the user's choice, not the data's.
 */
export function requiredFieldsAt(root: JsonSchema, pointer: string, payload: unknown, test: SubschemaTest): string[] {
  const names: string[] = [];
  const present = isObject(payload) ? payload : {};
  walkSubschemas(root, [pointer], (node, at) => {
    names.push(...stringList(node, "required"));
    const dependent = node.dependentRequired;
    if (isObject(dependent)) {
      for (const trigger of Object.keys(dependent)) if (Object.hasOwn(present, trigger)) names.push(...stringList(dependent, trigger));
    }
    const next = schemaMap(node, "dependentSchemas")
      .filter(([trigger]) => Object.hasOwn(present, trigger))
      .map(([trigger]) => at + toPointer(["dependentSchemas", trigger]));
    next.push(...allOfPointers(node, at));
    const condition = asSchema(node.if);
    if (condition !== undefined) {
      const passes = typeof condition === "boolean" ? condition : test(at + "/if", payload);
      const branch = passes ? "then" : "else";
      if (node[branch] !== undefined) next.push(at + "/" + branch);
    }
    return next;
  });
  return [...new Set(names)];
}

/**
 * The pointers of every `if` that {@link requiredFieldsAt} may evaluate from these starting
 * pointers, whatever the payload: what a precompiled validator must compile besides the sections.
 */
export function conditionPointers(root: JsonSchema, starts: readonly string[]): string[] {
  const found: string[] = [];
  walkSubschemas(root, starts, (node, at) => {
    if (isObject(node.if)) found.push(at + "/if");
    const next = [...schemaMap(node, "dependentSchemas").map(([trigger]) => at + toPointer(["dependentSchemas", trigger])), ...allOfPointers(node, at)];
    for (const branch of ["then", "else"]) if (node[branch] !== undefined) next.push(at + "/" + branch);
    return next;
  });
  return found;
}
