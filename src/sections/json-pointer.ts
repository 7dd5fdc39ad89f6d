// JSON pointers (RFC 6901) and local `$ref` resolution inside one schema document.
import { asSchema, isObject, type JsonSchema, listKeywords, mapKeywords, type SchemaObject, singleKeywords } from "./schema-node.js";

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
 * Resolves a reference as JSON Schema does: against the base URI in force where it appears (the
 * nearest enclosing `$id`, given by `from`, the subschema holding the `$ref`; the root's when
 * absent), to a schema resource of this document by its `$id`, then a JSON pointer or a
 * `$anchor` within it. References to other documents give `undefined`.
 */
export function resolveRef(root: JsonSchema, ref: string, from?: JsonSchema): ResolvedRef | undefined {
  if (typeof root === "boolean") return undefined;
  const index = indexOf(root);
  const base = (typeof from === "object" ? index.baseOf.get(from) : undefined) ?? index.rootBase;
  const key = `${base}\u0000${ref}`;
  if (!index.resolved.has(key)) index.resolved.set(key, resolveIn(root, index, ref, base));
  return index.resolved.get(key);
}

/** The base URI of a document without `$id`: references are resolved against it (`.invalid` never resolves). */
export const fallbackBaseUri = "https://circle-onboarding.invalid/application-schema.json";

/** The schema resources, anchors and base URIs of one document. */
interface RefIndex {
  rootBase: string;
  /** Absolute URI (without fragment) → pointer of the resource's root. */
  resources: Map<string, string>;
  /** `uri#anchor` → pointer. */
  anchors: Map<string, string>;
  /** The base URI in force in each subschema. */
  baseOf: WeakMap<object, string>;
  resolved: Map<string, ResolvedRef | undefined>;
}

// Schemas are read-only once loaded, so a reference resolves the same way every time.
const indexes = new WeakMap<object, RefIndex>();

/** A URI reference resolved against a base, without its fragment; `undefined` when it cannot be. */
function absoluteUri(reference: string, base: string): string | undefined {
  try {
    const url = new URL(reference, base);
    url.hash = "";
    return url.href.replace(/#$/, "");
  } catch {
    return undefined;
  }
}

function indexOf(root: SchemaObject): RefIndex {
  const cached = indexes.get(root);
  if (cached) return cached;
  const rootBase = (typeof root.$id === "string" ? absoluteUri(root.$id, fallbackBaseUri) : undefined) ?? fallbackBaseUri;
  const index: RefIndex = { rootBase, resources: new Map([[rootBase, ""]]), anchors: new Map(), baseOf: new WeakMap(), resolved: new Map() };
  const visit = (node: JsonSchema, pointer: string, inherited: string): void => {
    if (typeof node === "boolean" || index.baseOf.has(node)) return;
    let base = inherited;
    if (pointer !== "" && typeof node.$id === "string" && !node.$id.startsWith("#")) {
      const own = absoluteUri(node.$id, inherited);
      if (own !== undefined) {
        base = own;
        if (!index.resources.has(own)) index.resources.set(own, pointer);
      }
    }
    index.baseOf.set(node, base);
    if (typeof node.$anchor === "string") index.anchors.set(`${base}#${node.$anchor}`, pointer);
    for (const keyword of mapKeywords) {
      const map = node[keyword];
      if (isObject(map)) for (const key of Object.keys(map)) visitChild(map[key], `${pointer}/${keyword}/${escapeSegment(key)}`, base);
    }
    for (const keyword of listKeywords) {
      const list = node[keyword];
      if (Array.isArray(list)) list.forEach((child, i) => visitChild(child, `${pointer}/${keyword}/${i}`, base));
    }
    for (const keyword of singleKeywords) visitChild(node[keyword], `${pointer}/${keyword}`, base);
  };
  const visitChild = (value: unknown, pointer: string, base: string): void => {
    const child = asSchema(value);
    if (child !== undefined) visit(child, pointer, base);
  };
  visit(root, "", rootBase);
  indexes.set(root, index);
  return index;
}

function resolveIn(root: SchemaObject, index: RefIndex, ref: string, base: string): ResolvedRef | undefined {
  const hash = ref.indexOf("#");
  const uri = hash === 0 ? base : absoluteUri(hash < 0 ? ref : ref.slice(0, hash), base);
  const resource = uri === undefined ? undefined : index.resources.get(uri);
  if (resource === undefined) return undefined;
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  let pointer = fragmentPointer(fragment);
  if (pointer !== undefined) pointer = resource + pointer;
  else {
    let anchor: string;
    try {
      anchor = decodeURIComponent(fragment);
    } catch {
      return undefined;
    }
    pointer = index.anchors.get(`${uri}#${anchor}`);
  }
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
