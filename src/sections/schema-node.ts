// Reading an untrusted JSON Schema: shapes, guards and the list of keywords that hold subschemas.
// Shared by the runtime validator and the type generator; no Node imports.

/** A JSON value as the server sends it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object; keywords are read defensively because the schema comes from the server. */
export interface SchemaObject {
  readonly [keyword: string]: unknown;
}

/** A JSON Schema: an object of keywords or a boolean. */
export type JsonSchema = boolean | SchemaObject;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as a schema, or `undefined` when it is neither an object nor a boolean. */
export function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === "boolean" || isObject(value) ? (value as JsonSchema) : undefined;
}

/** A keyword holding a map of named subschemas (`properties`), or an empty map. */
export function schemaMap(node: SchemaObject, keyword: string): [string, JsonSchema][] {
  const map = node[keyword];
  if (!isObject(map)) return [];
  const out: [string, JsonSchema][] = [];
  for (const key of Object.keys(map)) {
    const schema = asSchema(map[key]);
    if (schema !== undefined) out.push([key, schema]);
  }
  return out;
}

/** A keyword holding a list of subschemas (`allOf`), or an empty list. */
export function schemaList(node: SchemaObject, keyword: string): JsonSchema[] {
  const list = node[keyword];
  if (!Array.isArray(list)) return [];
  return list.map(asSchema).filter((s): s is JsonSchema => s !== undefined);
}

/** A keyword holding a string list (`required`), or an empty list. */
export function stringList(node: SchemaObject, keyword: string): string[] {
  const list = node[keyword];
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
}

/** Keywords whose value is a map of subschemas. */
export const mapKeywords = ["$defs", "definitions", "properties", "patternProperties", "dependentSchemas"] as const;
/** Keywords whose value is a list of subschemas. */
export const listKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"] as const;
/** Keywords whose value is one subschema. */
export const singleKeywords = [
  "items",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "propertyNames",
  "contains",
  "not",
  "if",
  "then",
  "else",
] as const;

/** Keywords that only annotate: a schema made of these alone accepts everything. */
export const annotationKeywords: ReadonlySet<string> = new Set([
  "$schema",
  "$id",
  "$comment",
  "$anchor",
  "$defs",
  "definitions",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "format",
  "contentEncoding",
  "contentMediaType",
]);

/** True when the keyword is a vendor extension (`x-documentTypes`). */
export function isVendorKeyword(keyword: string): boolean {
  return keyword.startsWith("x-");
}

/** True when the schema accepts every instance because it holds only annotations. */
export function acceptsEverything(schema: JsonSchema): boolean {
  if (typeof schema === "boolean") return schema;
  return Object.keys(schema).every((k) => annotationKeywords.has(k) || isVendorKeyword(k));
}

/** Visits every direct subschema (hot in large schemas: no allocation per child). */
export function forEachSubschema(node: SchemaObject, visit: (child: JsonSchema) => void): void {
  for (const keyword of mapKeywords) {
    const map = node[keyword];
    if (!isObject(map)) continue;
    for (const key in map) {
      const child = map[key];
      if (typeof child === "boolean" || isObject(child)) visit(child);
    }
  }
  for (const keyword of listKeywords) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (const child of list) if (typeof child === "boolean" || isObject(child)) visit(child);
  }
  for (const keyword of singleKeywords) {
    const child = node[keyword];
    if (typeof child === "boolean" || isObject(child)) visit(child);
  }
}

/** Deep equality of JSON values, as `const` and `enum` compare them. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Sets an own property, even one named `__proto__` (plain assignment would change the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A copy with every object's keys in sorted order: the same content always gives the same JSON. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeysDeep(value[key]));
  return out;
}

/** Called on each copied schema object, children first; may change the copy. */
export type SchemaEdit = (copy: Record<string, unknown>, original: SchemaObject, segments: readonly string[]) => void;

/** A deep copy of the schema's subschema tree; non-schema values (`const`, `enum`, `x-*`) are shared. */
export function mapSchema(node: JsonSchema, edit?: SchemaEdit, segments: readonly string[] = []): JsonSchema {
  if (typeof node === "boolean") return node;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) setOwn(copy, key, node[key]);
  const sub = (value: unknown, path: string[]): unknown => {
    const child = asSchema(value);
    return child === undefined ? value : mapSchema(child, edit, [...segments, ...path]);
  };
  for (const keyword of mapKeywords) {
    const map = node[keyword];
    if (!isObject(map)) continue;
    const mapped: Record<string, unknown> = {};
    for (const key of Object.keys(map)) setOwn(mapped, key, sub(map[key], [keyword, key]));
    copy[keyword] = mapped;
  }
  for (const keyword of listKeywords) {
    const list = node[keyword];
    if (Array.isArray(list)) copy[keyword] = list.map((item, i) => sub(item, [keyword, String(i)]));
  }
  for (const keyword of singleKeywords) if (node[keyword] !== undefined) copy[keyword] = sub(node[keyword], [keyword]);
  edit?.(copy, node, segments);
  return copy;
}
