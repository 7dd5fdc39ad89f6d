// Which JSON kinds a schema can accept, as a bit set: a sound over-approximation used to keep the
// generated types from offering a kind the schema rules out (and never the other way round).
import { resolveRef } from "../sections/json-pointer.js";
import { acceptsEverything, annotationKeywords, asSchema, isVendorKeyword, type JsonSchema, type SchemaObject, schemaList } from "../sections/schema-node.js";

/** Bit set of JSON kinds; `integer` is folded into `number` because TypeScript cannot tell them apart. */
export type Kinds = number;

/** The six kinds TypeScript can tell apart, with their bits. */
export const Kind = { null: 1, boolean: 2, number: 4, string: 8, array: 16, object: 32 } as const;
/** Every kind. */
export const ALL_KINDS: Kinds = 63;

const kindOfType: Record<string, Kinds> = { ...Kind, integer: Kind.number };

/** The kind of a JSON value. */
export function kindOfValue(value: unknown): Kinds {
  if (value === null) return Kind.null;
  if (Array.isArray(value)) return Kind.array;
  switch (typeof value) {
    case "boolean":
      return Kind.boolean;
    case "number":
      return Kind.number;
    case "string":
      return Kind.string;
    default:
      return Kind.object;
  }
}

/** The kinds a `type` keyword allows; `ALL_KINDS` when it is missing or malformed. */
export function kindsOfType(type: unknown): Kinds {
  const names = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  if (!names) return ALL_KINDS;
  let kinds = 0;
  for (const name of names) {
    const bits = typeof name === "string" ? kindOfType[name] : undefined;
    if (bits === undefined) return ALL_KINDS;
    kinds |= bits;
  }
  return kinds;
}

/** The kinds `not: <schema>` rules out: all for an always-true schema, the types of a bare `type`. */
function kindsExcludedByNot(schema: JsonSchema): Kinds {
  if (acceptsEverything(schema)) return ALL_KINDS;
  if (typeof schema === "boolean") return 0;
  const constraining = Object.keys(schema).some((k) => k !== "type" && !annotationKeywords.has(k) && !isVendorKeyword(k));
  if (constraining) return 0;
  const names = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  // `not: {type: integer}` still allows 1.5, so it cannot remove the number kind.
  let kinds = 0;
  for (const name of names) if (name !== "integer" && typeof name === "string") kinds |= kindOfType[name] ?? 0;
  return kinds;
}

/** Computes and caches the kinds of the subschemas of one document. */
export class KindAnalysis {
  private readonly cache = new WeakMap<SchemaObject, Kinds>();
  private readonly active = new Set<SchemaObject>();

  constructor(private readonly root: JsonSchema) {}

  /** The kinds the schema can accept (a superset of the truth). */
  of(schema: JsonSchema): Kinds {
    if (typeof schema === "boolean") return schema ? ALL_KINDS : 0;
    const cached = this.cache.get(schema);
    if (cached !== undefined) return cached;
    // A reference cycle stays unconstrained: sound, and cycles are rare in application schemas.
    if (this.active.has(schema)) return ALL_KINDS;
    this.active.add(schema);
    const kinds = this.compute(schema);
    this.active.delete(schema);
    this.cache.set(schema, kinds);
    return kinds;
  }

  private compute(s: SchemaObject): Kinds {
    let kinds = kindsOfType(s.type);
    if (s.const !== undefined) kinds &= kindOfValue(s.const);
    if (Array.isArray(s.enum)) kinds &= s.enum.reduce<Kinds>((acc, v) => acc | kindOfValue(v), 0);
    if (typeof s.$ref === "string") {
      const target = resolveRef(this.root, s.$ref, s);
      if (target) kinds &= this.of(target.schema);
    }
    for (const member of schemaList(s, "allOf")) kinds &= this.of(member);
    for (const keyword of ["anyOf", "oneOf"]) {
      if (Array.isArray(s[keyword])) kinds &= schemaList(s, keyword).reduce<Kinds>((acc, m) => acc | this.of(m), 0);
    }
    const not = asSchema(s.not);
    if (not !== undefined) kinds &= ~kindsExcludedByNot(not) & ALL_KINDS;
    const ifSchema = asSchema(s.if);
    if (ifSchema !== undefined) {
      const then = this.of(asSchema(s.then) ?? true);
      const otherwise = this.of(asSchema(s.else) ?? true);
      kinds &= ifSchema === true ? then : ifSchema === false ? otherwise : then | otherwise;
    }
    if (s.contains === false) kinds &= ~Kind.array;
    // Bounds no value of a kind can meet rule the kind out.
    const above = (low: string, high: string): boolean => typeof s[low] === "number" && typeof s[high] === "number" && (s[low] as number) > (s[high] as number);
    if (above("minItems", "maxItems") || (s.contains !== undefined && above("minContains", "maxContains"))) kinds &= ~Kind.array;
    if (above("minLength", "maxLength")) kinds &= ~Kind.string;
    if (above("minimum", "maximum")) kinds &= ~Kind.number;
    if (above("minProperties", "maxProperties")) kinds &= ~Kind.object;
    return kinds;
  }
}
