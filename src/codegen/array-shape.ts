// The array part of a section type: tuples from `prefixItems` (written as explicit unions), `T[]`
// from `items`, the rest of a prefix closed by `unevaluatedItems`, and the tuples without a
// repeat that `uniqueItems` allows over a prefix of literals. Bounds stay JSDoc (see the README).
import { acceptsEverything, asSchema, jsonEqual, type JsonSchema, type JsonValue, type SchemaObject, schemaList } from "../sections/schema-node.js";
import type { InPlaceItems } from "./item-evaluation.js";
import type { Json2tsSchema } from "./sound-schema.js";
import { simpleTypeText } from "./type-text.js";

/**
 * The array branch: tuples from `prefixItems`, `T[]` from `items`, or, for the items past every
 * in-place prefix (`inPlace`), from `unevaluatedItems` or one of the in-place `contains` schemas
 * (an item one of them matched was evaluated); `undefined` when any array passes.
 */
export function arrayShape(
  node: SchemaObject,
  build: (s: JsonSchema) => Json2tsSchema,
  inPlace: () => InPlaceItems | undefined,
  domain: (s: JsonSchema) => JsonValue[] | undefined,
): Json2tsSchema | undefined {
  let items = asSchema(node.items);
  const prefix: JsonSchema[] = schemaList(node, "prefixItems");
  const unevaluated = asSchema(node.unevaluatedItems);
  if (items === undefined && unevaluated !== undefined && unevaluated !== true) {
    const evaluated = inPlace();
    if (evaluated !== undefined) {
      // Items an in-place subschema may evaluate stay as this schema types them (or unknown).
      while (prefix.length < evaluated.longest) prefix.push(true);
      items = evaluated.contains.length ? { anyOf: [...evaluated.contains, unevaluated] } : unevaluated;
    }
  }
  if (prefix.length) {
    const rest = items === undefined || items === true ? true : items === false ? false : build(items);
    return (node.uniqueItems === true ? distinctTuples(prefix.map(domain), rest) : undefined) ?? tuples(prefix.map(build), rest);
  }
  // Bounds stay JSDoc (an array built at run time is a `T[]`), except where only `[]` is valid.
  if (items === false || node.maxItems === 0) return { tsType: "[]" };
  if (items === undefined || items === true || acceptsEverything(items)) return undefined;
  return { type: "array", items: build(items) };
}

/**
 * `[] | [A] | [A, B, ...Rest[]]`: a prefix of which any shorter part may be all there is, as an
 * explicit union of fixed tuples (json2ts writes its own expansion of draft-07 tuples without
 * parentheses, which an intersection would then split).
 */
export function tuples(prefix: Json2tsSchema[], rest: Json2tsSchema | boolean): Json2tsSchema {
  const members: Json2tsSchema[] = [{ tsType: "[]" }];
  for (let n = 1; n < prefix.length; n++) members.push({ type: "array", items: prefix.slice(0, n), minItems: n, additionalItems: false });
  members.push({ type: "array", items: prefix, minItems: prefix.length, additionalItems: rest });
  return { anyOf: members };
}

/**
 * Under `uniqueItems`, a prefix whose items each hold one of a few literals, as the union of its
 * tuples without a repeated value (`[] | [true] | [false] | [true, false] | [false, true]`);
 * `undefined` when a position is not such a list or there would be too many tuples.
 */
function distinctTuples(domains: readonly (JsonValue[] | undefined)[], rest: Json2tsSchema | boolean): Json2tsSchema | undefined {
  if (domains.some((d) => d === undefined)) return undefined;
  const restText = rest === false ? "" : rest === true ? ", ...unknown[]" : simpleTypeText(rest) === undefined ? undefined : `, ...(${simpleTypeText(rest)})[]`;
  if (restText === undefined) return undefined;
  const texts: string[] = [];
  const extend = (chosen: JsonValue[]): boolean => {
    const full = chosen.length === domains.length;
    texts.push(`[${chosen.map((v) => JSON.stringify(v)).join(", ")}${full && chosen.length ? restText : ""}]`);
    if (texts.length > 64) return false;
    if (full) return true;
    for (const value of domains[chosen.length]!) {
      if (!chosen.some((v) => jsonEqual(v, value)) && !extend([...chosen, value])) return false;
    }
    return true;
  };
  return extend([]) ? { tsType: `(${texts.join(" | ")})` } : undefined;
}
