// How a validator addresses a subschema of the application schema: the document's base URI and
// the URI of the subschema at a JSON pointer. Shared by Ajv (run time and precompiled) and the
// interpreter, so that both find the same subschema.
import { fallbackBaseUri, unescapeSegment } from "./json-pointer.js";
import { isObject, type JsonSchema, type SchemaObject } from "./schema-node.js";


/**
 * The Ajv reference of the subschema at a JSON pointer of the document `root` (base URI `id`):
 * the pointer from the closest enclosing schema resource (a subschema with its own `$id`), or
 * that resource's URI itself. Ajv loops forever on a pointer that crosses a nested `$id`.
 */
export function ajvRef(root: JsonSchema, id: string, pointer: string): string {
  let base = id;
  let node: unknown = root;
  let rest: string[] = [];
  const segments = pointer === "" ? [] : pointer.slice(1).split("/");
  for (const segment of segments) {
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[unescapeSegment(segment)] : undefined;
    rest.push(segment);
    const nested = isObject(node) && typeof node.$id === "string" ? node.$id : undefined;
    if (nested !== undefined && !nested.startsWith("#")) {
      try {
        base = new URL(nested, base).href.replace(/#$/, "");
        rest = [];
      } catch {
        // An `$id` that is not a URI reference: Ajv resolves through it by pointer.
      }
    }
  }
  return rest.length ? `${base}#/${rest.map(encodeURIComponent).join("/")}` : base;
}

/** The base URI of the application schema: its `$id`, or the fallback. */
export function baseIdOf(root: SchemaObject): string {
  return typeof root.$id === "string" ? root.$id.replace(/#$/, "") : fallbackBaseUri;
}
