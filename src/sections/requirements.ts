// Which fields a payload must have, given the values it already holds: `required`, plus the
// `then`/`else` branches whose `if` the payload decides, `dependentRequired` and `dependentSchemas`
// of the fields present. Each `if` is evaluated by Ajv, so every condition form is supported.
import { resolveRef, toPointer, valueAt } from "./json-pointer.js";
import { asSchema, isObject, type JsonSchema, schemaList, schemaMap, stringList } from "./schema-node.js";

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
  const seen = new Set<string>();
  const visit = (at: string): void => {
    if (seen.has(at)) return;
    seen.add(at);
    const node = valueAt(root, at);
    if (!isObject(node)) return;
    if (typeof node.$ref === "string") {
      const target = resolveRef(root, node.$ref, node);
      if (target) visit(target.pointer);
    }
    names.push(...stringList(node, "required"));
    const dependent = node.dependentRequired;
    if (isObject(dependent)) {
      for (const trigger of Object.keys(dependent)) if (Object.hasOwn(present, trigger)) names.push(...stringList(dependent, trigger));
    }
    for (const [trigger] of schemaMap(node, "dependentSchemas")) {
      if (Object.hasOwn(present, trigger)) visit(at + toPointer(["dependentSchemas", trigger]));
    }
    schemaList(node, "allOf").forEach((_, i) => visit(at + toPointer(["allOf", String(i)])));
    const condition = asSchema(node.if);
    if (condition !== undefined) {
      const passes = typeof condition === "boolean" ? condition : test(at + "/if", payload);
      const branch = passes ? "then" : "else";
      if (node[branch] !== undefined) visit(at + "/" + branch);
    }
  };
  visit(pointer);
  return [...new Set(names)];
}

/**
 * The pointers of every `if` that {@link requiredFieldsAt} may evaluate from these starting
 * pointers, whatever the payload: what a precompiled validator must compile besides the sections.
 */
export function conditionPointers(root: JsonSchema, starts: readonly string[]): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (at: string): void => {
    if (seen.has(at)) return;
    seen.add(at);
    const node = valueAt(root, at);
    if (!isObject(node)) return;
    if (typeof node.$ref === "string") {
      const target = resolveRef(root, node.$ref, node);
      if (target) visit(target.pointer);
    }
    if (node.type === "array" && isObject(node.items)) visit(at + "/items");
    for (const [trigger] of schemaMap(node, "dependentSchemas")) visit(at + toPointer(["dependentSchemas", trigger]));
    schemaList(node, "allOf").forEach((_, i) => visit(at + toPointer(["allOf", String(i)])));
    if (isObject(node.if)) found.push(at + "/if");
    for (const branch of ["then", "else"]) if (node[branch] !== undefined) visit(at + "/" + branch);
  };
  for (const start of starts) visit(start);
  return found;
}
