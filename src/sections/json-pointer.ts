// JSON pointers (RFC 6901) and local `$ref` resolution inside one schema document.
import { isObject, type JsonSchema, asSchema } from "./schema-node.js";

/** Escapes one pointer segment: `~` → `~0`, `/` → `~1`. */
export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one pointer segment: `~1` → `/`, `~0` → `~`. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The pointer (`/properties/a~1b`) of a list of segments. */
export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => "/" + escapeSegment(s)).join("");
}

/** The value at a pointer, or `undefined` when a segment is missing. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  if (!pointer.startsWith("/")) return undefined;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = unescapeSegment(raw);
    if (Array.isArray(current)) current = /^(0|[1-9]\d*)$/.test(segment) ? current[Number(segment)] : undefined;
    else if (isObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A resolved local reference: the target's pointer and schema. */
export interface ResolvedRef {
  pointer: string;
  schema: JsonSchema;
}

/**
 * Resolves `#/…` or `<root $id>#/…` against the document root. Anything else (other documents,
 * `$anchor` names, nested `$id` bases) is out of scope and gives `undefined`.
 */
export function resolveRef(root: JsonSchema, ref: string): ResolvedRef | undefined {
  if (typeof root === "boolean") return resolveUncached(root, ref);
  let cache = resolved.get(root);
  if (!cache) resolved.set(root, (cache = new Map()));
  if (!cache.has(ref)) cache.set(ref, resolveUncached(root, ref));
  return cache.get(ref);
}

// Schemas are read-only once loaded, so a reference resolves the same way every time.
const resolved = new WeakMap<object, Map<string, ResolvedRef | undefined>>();

function resolveUncached(root: JsonSchema, ref: string): ResolvedRef | undefined {
  const hash = ref.indexOf("#");
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const rootId = isObject(root) && typeof root.$id === "string" ? root.$id.replace(/#$/, "") : undefined;
  if (base !== "" && base !== rootId) return undefined;
  const pointer = fragmentPointer(hash < 0 ? "" : ref.slice(hash + 1));
  if (pointer === undefined) return undefined;
  const schema = asSchema(valueAt(root, pointer));
  return schema === undefined ? undefined : { pointer, schema };
}

/** The JSON pointer of a URI fragment (percent-decoded), or `undefined` when it is not one. */
function fragmentPointer(fragment: string): string | undefined {
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  return pointer === "" || pointer.startsWith("/") ? pointer : undefined;
}

/** The value a same-document reference (`#/components/schemas/X`) points to, in any JSON document. */
export function localTarget(document: unknown, ref: string): unknown {
  const pointer = ref.startsWith("#") ? fragmentPointer(ref.slice(1)) : undefined;
  return pointer === undefined ? undefined : valueAt(document, pointer);
}
