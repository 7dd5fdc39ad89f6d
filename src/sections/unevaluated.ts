// Ajv #2483 and kin: `unevaluatedProperties` next to `dependentSchemas`, or next to applicators
// holding `if`/`then`, forgets properties already evaluated and rejects valid data; and
// `unevaluatedItems` ignores what `contains`, nested `items` and an `if` without branches
// evaluated. Where `unevaluatedProperties` is provably the same as `additionalProperties` (every
// in-place subschema only names properties the object already declares), we rewrite it to that,
// which Ajv gets right; the sections where anything else remains are also checked by an
// interpreter that gets these keywords right (interpreted.ts).
import { resolveRef } from "./json-pointer.js";
import { asSchema, forEachSubschema, type JsonSchema, mapSchema, type SchemaObject, schemaList, schemaMap } from "./schema-node.js";

/**
 * Rewrites `unevaluatedProperties` to `additionalProperties` wherever that is equivalent: a copy
 * when anything changed, with the same pointers as the input.
 */
export function rewriteUnevaluatedProperties(root: JsonSchema): JsonSchema {
  if (!usesUnevaluatedProperties(root)) return root;
  return mapSchema(root, (copy, original) => {
    if (original.unevaluatedProperties === undefined || !equivalentToAdditional(root, original)) return;
    copy.additionalProperties = copy.unevaluatedProperties;
    delete copy.unevaluatedProperties;
  });
}

/** True when some subschema has `unevaluatedProperties` (most schemas have none: no copy needed). */
function usesUnevaluatedProperties(node: JsonSchema): boolean {
  if (typeof node === "boolean") return false;
  if (node.unevaluatedProperties !== undefined) return true;
  let found = false;
  forEachSubschema(node, (child) => {
    found ||= usesUnevaluatedProperties(child);
  });
  return found;
}

/** Subschemas applied to the same instance location (their evaluated properties count here); `undefined` for an unresolvable `$ref`. */
function inPlaceChildren(root: JsonSchema, node: SchemaObject): JsonSchema[] | undefined {
  const children: JsonSchema[] = [];
  for (const keyword of ["allOf", "anyOf", "oneOf"]) children.push(...schemaList(node, keyword));
  for (const keyword of ["if", "then", "else"]) {
    const child = asSchema(node[keyword]);
    if (child !== undefined) children.push(child);
  }
  for (const [, child] of schemaMap(node, "dependentSchemas")) children.push(child);
  if (typeof node.$ref === "string") {
    const target = resolveRef(root, node.$ref, node);
    if (!target) return undefined;
    children.push(target.schema);
  }
  return children;
}

/** True when no in-place subschema can evaluate a property the object does not declare itself. */
function equivalentToAdditional(root: JsonSchema, node: SchemaObject): boolean {
  // A dynamic reference evaluates whatever it resolves to at validation time.
  if (node.additionalProperties !== undefined || node.$dynamicRef !== undefined) return false;
  const own = new Set(schemaMap(node, "properties").map(([name]) => name));
  const seen = new Set<SchemaObject>([node]);
  const onlyOwn = (n: SchemaObject): boolean => {
    const children = inPlaceChildren(root, n);
    if (!children) return false;
    for (const child of children) {
      if (typeof child === "boolean" || seen.has(child)) continue;
      seen.add(child);
      if (["patternProperties", "additionalProperties", "unevaluatedProperties", "$dynamicRef"].some((k) => child[k] !== undefined)) return false;
      if (schemaMap(child, "properties").some(([name]) => !own.has(name))) return false;
      if (!onlyOwn(child)) return false;
    }
    return true;
  };
  return onlyOwn(node);
}

/**
 * The sections whose validation Ajv may get wrong: their schema reaches an `unevaluatedItems`,
 * a `$dynamicRef`, or an `unevaluatedProperties` that {@link rewriteUnevaluatedProperties} cannot
 * turn into `additionalProperties`. A reference this module cannot resolve (another resource's
 * `$id`) counts when the document uses any of these keywords anywhere.
 */
export function sectionsNeedingInterpreter(root: SchemaObject): string[] {
  const risky = (node: SchemaObject): boolean =>
    node.unevaluatedItems !== undefined || node.$dynamicRef !== undefined || (node.unevaluatedProperties !== undefined && !equivalentToAdditional(root, node));
  const anywhere = (node: JsonSchema, seen = new Set<SchemaObject>()): boolean => {
    if (typeof node === "boolean" || seen.has(node)) return false;
    seen.add(node);
    if (risky(node)) return true;
    let found = false;
    forEachSubschema(node, (child) => {
      found ||= anywhere(child, seen);
    });
    return found;
  };
  if (!anywhere(root)) return [];
  return schemaMap(root, "properties")
    .filter(([, section]) => {
      const seen = new Set<SchemaObject>();
      const reaches = (node: JsonSchema): boolean => {
        if (typeof node === "boolean" || seen.has(node)) return false;
        seen.add(node);
        if (risky(node)) return true;
        if (typeof node.$ref === "string") {
          const target = resolveRef(root, node.$ref, node);
          if (!target || reaches(target.schema)) return true;
        }
        let found = false;
        forEachSubschema(node, (child) => {
          found ||= reaches(child);
        });
        return found;
      };
      return reaches(section);
    })
    .map(([name]) => name);
}
