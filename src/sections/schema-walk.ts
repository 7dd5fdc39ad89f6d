// The walk over the object schemas that apply at a place of a schema: the ones there, the targets
// of their `$ref`s, and whichever of `allOf`, `then`/`else` or `dependentSchemas` a caller follows
// (the requirements follow the branches the data chose; a field list follows them all).
import { resolveRef, toPointer, valueAt } from "./json-pointer.js";
import { isObject, type JsonSchema, schemaList } from "./schema-node.js";

/**
 * Visits the object schemas at `starts`, the targets of their `$ref`s (resolved against the base
 * URI in force there), and the pointers `enter` returns for each, each pointer once, in that order.
 */
export function walkSubschemas(root: JsonSchema, starts: readonly string[], enter: (node: Record<string, unknown>, at: string) => string[]): void {
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
    for (const next of enter(node, at)) visit(next);
  };
  for (const start of starts) visit(start);
}

/** The pointers of a node's `allOf` members. */
export function allOfPointers(node: Record<string, unknown>, at: string): string[] {
  return schemaList(node, "allOf").map((_, i) => at + toPointer(["allOf", String(i)]));
}
