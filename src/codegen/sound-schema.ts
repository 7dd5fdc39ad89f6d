// Rewrites a draft 2020-12 schema into the subset json-schema-to-typescript types soundly: every
// node gets an explicit kind, references become named types (`tsType`), `prefixItems` becomes the
// draft-07 tuple form it understands, and what it drops or mistypes (`not`, `oneOf`, `if`,
// untyped keywords, bounds) is widened or turned into unions TypeScript can check. The guiding
// rule: the type of a node may accept more than the schema, never less.
import { resolveRef } from "../sections/json-pointer.js";
import {
  acceptsEverything,
  asSchema,
  isObject,
  jsonEqual,
  type JsonSchema,
  type JsonValue,
  type SchemaObject,
  schemaList,
  schemaMap,
  setOwn,
  stringList,
} from "../sections/schema-node.js";
import { conditionalsOf, fieldTestOf, requiredBy, requirementConditions } from "./conditions.js";
import { docFor } from "./jsdoc.js";
import { ALL_KINDS, Kind, KindAnalysis, type Kinds, kindOfValue } from "./kinds.js";

/** A schema for json2ts: only keywords it types correctly, plus `tsType` and `title`. */
export type Json2tsSchema = Record<string, unknown>;

/** A built schema with the kinds its TypeScript type can hold (an upper bound). */
interface Built {
  schema: Json2tsSchema;
  kinds: Kinds;
  /** True when the schema only restricts the kind (`string | number`), refining nothing. */
  kindOnly?: boolean;
}

const unknownType = (): Built => ({ schema: {}, kinds: ALL_KINDS, kindOnly: true });
const neverType = (): Built => ({ schema: { tsType: "never" }, kinds: 0 });
const isUnknown = (b: Built): boolean => Object.keys(b.schema).length === 0;

const kindNames: [number, string][] = [
  [Kind.null, "null"],
  [Kind.boolean, "boolean"],
  [Kind.number, "number"],
  [Kind.string, "string"],
  [Kind.array, "array"],
  [Kind.object, "object"],
];

/** A bare kind restriction: `{type: [...]}`, `{}` for every kind. */
function kindSchema(kinds: Kinds): Built {
  if (kinds === ALL_KINDS) return unknownType();
  if (kinds === 0) return neverType();
  const names = kindNames.filter(([bit]) => kinds & bit).map(([, name]) => name);
  return { schema: { type: names.length === 1 ? names[0] : names }, kinds, kindOnly: true };
}

/** A definition json2ts should emit as a named type. */
export interface NamedDefinition {
  name: string;
  schema: Json2tsSchema;
}

/** Builds json2ts input for one schema document whose named nodes are known in advance. */
export class SoundSchemaBuilder {
  /** Problems found while building (unresolvable references). */
  readonly warnings: string[] = [];
  private readonly kinds: KindAnalysis;
  private readonly conditional = new WeakSet<Json2tsSchema>();

  /**
   * @param root the whole document, for `$ref` resolution
   * @param names the type name of every object node emitted as a named type
   * @param claimName hands out a free name for the base interface of a conditional type
   */
  constructor(
    private readonly root: JsonSchema,
    private readonly names: ReadonlyMap<SchemaObject, string>,
    private readonly claimName: (wanted: string) => string,
  ) {
    this.kinds = new KindAnalysis(root);
  }

  /** The definitions for one named node: its type, plus a `…Fields` interface when conditions split it. */
  definitions(node: JsonSchema, name: string, doc: string | undefined): NamedDefinition[] {
    const built = this.build(node, ALL_KINDS, { definition: true }).schema;
    const described = (schema: Json2tsSchema): Json2tsSchema => (doc ? { ...schema, description: doc } : schema);
    if (this.conditional.has(built)) {
      const [fields, ...conditions] = built.allOf as Json2tsSchema[];
      const fieldsName = this.claimName(`${name}Fields`);
      return [
        { name, schema: described({ title: name, allOf: [{ tsType: fieldsName }, ...conditions] }) },
        { name: fieldsName, schema: { title: fieldsName, ...fields!, description: `The declared fields of {@link ${name}}, which adds the conditional requirements.` } },
      ];
    }
    const schema = Object.keys(built).length ? built : { tsType: "unknown" };
    return [{ name, schema: described({ title: name, ...schema }) }];
  }

  /**
   * The json2ts schema for a node, limited to `mask` kinds. `covered` says that an enclosing
   * object type already decides which keys may appear, so object types built for in-place
   * subschemas (`allOf` members, `then`, ...) must not add index signatures: one index signature
   * in an intersection switches off TypeScript's excess-property check for all of it.
   */
  build(node: JsonSchema, mask: Kinds, options: { definition?: boolean; covered?: boolean } = {}): Built {
    if (!options.definition && isObject(node)) {
      const name = this.names.get(node);
      if (name) return { schema: { tsType: name }, kinds: this.kinds.of(node) };
    }
    const kinds = mask & this.kinds.of(node);
    if (kinds === 0) return neverType();
    const covered = options.covered === true && kinds === Kind.object;
    if (typeof node === "boolean" || acceptsEverything(node)) return covered ? unknownType() : kindSchema(kinds);
    if (node.const !== undefined) return literals([node.const as JsonValue], kinds);
    if (Array.isArray(node.enum)) return literals(node.enum as JsonValue[], kinds);

    const own = this.ownShape(node, kinds, covered);
    const inPlace = { covered: covered || (kinds === Kind.object && !own.kindOnly && !isUnknown(own)) };
    const parts: Built[] = [];
    if (typeof node.$ref === "string") parts.push(this.reference(node.$ref));
    for (const member of schemaList(node, "allOf")) parts.push(this.build(member, kinds, inPlace));
    // oneOf is typed as anyOf: exclusivity is beyond TypeScript, and the union is a superset.
    for (const keyword of ["anyOf", "oneOf"]) {
      if (Array.isArray(node[keyword])) parts.push(union(schemaList(node, keyword).map((m) => this.build(m, kinds, inPlace))));
    }
    const ifSchema = asSchema(node.if);
    const then = asSchema(node.then);
    const otherwise = asSchema(node.else);
    if (ifSchema === true && then !== undefined) parts.push(this.build(then, kinds, inPlace));
    else if (ifSchema === false && otherwise !== undefined) parts.push(this.build(otherwise, kinds, inPlace));
    else if (ifSchema !== undefined && then !== undefined && otherwise !== undefined) {
      // Either branch may apply; TypeScript cannot evaluate an arbitrary `if`.
      parts.push(union([this.build(then, kinds, inPlace), this.build(otherwise, kinds, inPlace)]));
    }
    return intersection([own, ...parts], kinds);
  }

  /** A `$ref` as the name of its target's type. */
  private reference(ref: string): Built {
    const target = resolveRef(this.root, ref);
    if (!target || (isObject(target.schema) && !this.names.has(target.schema))) {
      this.warnings.push(`unresolvable $ref ${ref}: typed as unknown`);
      return unknownType();
    }
    return this.build(target.schema, ALL_KINDS);
  }

  /** The node's own keywords per kind: primitives as such, objects and arrays refined. */
  private ownShape(node: SchemaObject, kinds: Kinds, covered: boolean): Built {
    const object = kinds & Kind.object ? this.objectShape(node, covered) : undefined;
    const array = kinds & Kind.array ? arrayShape(node, (s) => this.build(s, ALL_KINDS).schema) : undefined;
    if (!object && !array) return covered ? unknownType() : kindSchema(kinds);
    const rest = kindSchema(kinds & ~(object ? Kind.object : 0) & ~(array ? Kind.array : 0));
    const branches: Built[] = [];
    if (rest.kinds) branches.push(rest);
    if (object) branches.push({ schema: object, kinds: Kind.object });
    if (array) branches.push({ schema: array, kinds: Kind.array });
    return union(branches);
  }

  /** The object branch: properties, required, closedness, and conditional unions; `undefined` when any object passes. */
  private objectShape(node: SchemaObject, covered: boolean): Json2tsSchema | undefined {
    const properties = schemaMap(node, "properties");
    const required = stringList(node, "required");
    const additional = asSchema(node.additionalProperties);
    const patterns = schemaMap(node, "patternProperties");
    const prefixes = patterns.map(([pattern]) => prefixOf(pattern));
    const closed = additional === false && prefixes.every((p) => p !== undefined);
    // Keys matching a prefix pattern stay allowed beside a closed shape, through their own index signature.
    const prefixIndex = closed && prefixes.length ? [{ tsType: `{ ${prefixes.map((p) => `[key: \`${p}\${string}\`]: unknown`).join("; ")} }` }] : [];
    const conditions = [...prefixIndex, ...this.conditionUnions(node, properties), ...dependentRequiredUnions(node)];
    const typedExtras = additional !== undefined && additional !== true && !covered;
    if (!properties.length && !required.length && !closed && !typedExtras && !conditions.length) return undefined;
    if (closed && !properties.length && !prefixIndex.length) return required.length ? { tsType: "never" } : { tsType: "{ [key: string]: never }" };

    // Extra keys are typed `unknown` unless nothing else can share the index signature.
    const extra = typedExtras && !closed && !properties.length && !patterns.length ? this.build(additional, ALL_KINDS) : undefined;
    const reasons = requirementConditions(node);
    const shape: Json2tsSchema = { type: "object", properties: {}, required: [], additionalProperties: closed || covered ? false : extra ? extra.schema : true };
    const declared = shape.properties as Record<string, unknown>;
    for (const [name, child] of properties) {
      const type = inheritedMembers.has(name) ? withInherited(name, this.build(child, ALL_KINDS).schema) : this.build(child, ALL_KINDS).schema;
      setOwn(declared, name, withDoc(type, docFor(child, { requiredWhen: reasons.get(name) ?? [] })));
    }
    for (const name of required) {
      if (Object.hasOwn(declared, name) || (closed && !prefixIndex.length)) continue;
      setOwn(declared, name, extra && !patterns.length ? extra.schema : {});
    }
    shape.required = [...new Set(required.filter((name) => Object.hasOwn(declared, name)))];
    if (!conditions.length) return shape;
    const combined = { allOf: [shape, ...conditions] };
    this.conditional.add(combined);
    return combined;
  }

  /**
   * One union per `if` that tests a field of this object against literals, when the field's own
   * values are a finite list: `{field: <passing values>, ...then-required} | {field?: <the others>}`.
   */
  private conditionUnions(node: SchemaObject, properties: [string, JsonSchema][]): Json2tsSchema[] {
    const unions: Json2tsSchema[] = [];
    for (const c of conditionalsOf(node)) {
      const test = fieldTestOf(c.if);
      if (!test) continue;
      const thenRequired = requiredBy(c.then);
      const elseRequired = requiredBy(c.else);
      if (!thenRequired.length && !elseRequired.length) continue;
      const fieldSchema = properties.find(([name]) => name === test.field)?.[1];
      const domain = fieldSchema === undefined ? undefined : this.literalDomain(fieldSchema, new Set());
      if (!domain) continue;
      const passing = domain.filter((v) => test.values.some((w) => jsonEqual(v, w)));
      const failing = domain.filter((v) => !passing.some((w) => jsonEqual(v, w)));
      const branches: Json2tsSchema[] = [];
      // The `if` passes: the field holds a passing value (or is absent, when the `if` does not require it).
      if (passing.length || !test.fieldRequired) {
        branches.push(closedObject(test.field, literalType(passing), !test.fieldRequired, thenRequired));
      }
      // The `if` fails: the field holds another value (or is absent, when the `if` requires it).
      if (failing.length || test.fieldRequired) {
        branches.push(closedObject(test.field, literalType(failing), test.fieldRequired, elseRequired));
      }
      unions.push(branches.length === 1 ? branches[0]! : { anyOf: branches });
    }
    return unions;
  }

  /** The finite list of values a field can hold (`enum`, `const`, booleans), or `undefined`. */
  private literalDomain(schema: JsonSchema, seen: Set<SchemaObject>): JsonValue[] | undefined {
    if (typeof schema === "boolean" || seen.has(schema)) return undefined;
    seen.add(schema);
    const kinds = this.kinds.of(schema);
    const keep = (values: JsonValue[]): JsonValue[] => values.filter((v) => kindOfValue(v) & kinds);
    if (schema.const !== undefined) return keep([schema.const as JsonValue]);
    if (Array.isArray(schema.enum)) return keep(schema.enum as JsonValue[]);
    if (typeof schema.$ref === "string") {
      const target = resolveRef(this.root, schema.$ref);
      const values = target ? this.literalDomain(target.schema, seen) : undefined;
      if (values) return keep(values);
    }
    if (kinds & ~(Kind.boolean | Kind.null)) return undefined;
    return [...(kinds & Kind.boolean ? [true, false] : []), ...(kinds & Kind.null ? [null] : [])];
  }
}

/** An intersection; a bare kind restriction is dropped when another part already stays within it. */
function intersection(parts: Built[], kinds: Kinds): Built {
  const live = parts.filter((p) => !isUnknown(p));
  if (live.some((p) => p.kinds === 0)) return neverType();
  const kept: Built[] = [];
  for (const p of [...live.filter((p) => !p.kindOnly), ...live.filter((p) => p.kindOnly)]) {
    if (p.kindOnly && kept.some((q) => (q.kinds & ~p.kinds) === 0)) continue;
    kept.push(p);
  }
  if (!kept.length) return unknownType();
  if (kept.length === 1) return kept[0]!;
  return { schema: { allOf: kept.map((p) => p.schema) }, kinds: kept.reduce((acc, p) => acc & p.kinds, kinds) };
}

/** A union of built schemas; an `unknown` member makes the whole union unknown. */
function union(members: Built[]): Built {
  const live = members.filter((m) => m.kinds !== 0);
  if (!live.length) return neverType();
  if (live.some(isUnknown)) return unknownType();
  if (live.length === 1) return live[0]!;
  return { schema: { anyOf: live.map((m) => m.schema) }, kinds: live.reduce((acc, m) => acc | m.kinds, 0) };
}

/** A literal union of the values of the allowed kinds (`never` when none is left). */
function literals(values: readonly JsonValue[], kinds: Kinds): Built {
  const kept: JsonValue[] = [];
  for (const v of values) if (kindOfValue(v) & kinds && !kept.some((k) => jsonEqual(k, v))) kept.push(v);
  if (!kept.length) return neverType();
  const kindsOf = kept.reduce<Kinds>((acc, v) => acc | kindOfValue(v), 0);
  // Objects and arrays are data, written as TypeScript here: json2ts would read a `$ref` key
  // inside one as a reference and try to resolve it.
  if (kept.some((v) => typeof v === "object" && v !== null)) return { schema: { tsType: literalType(kept) }, kinds: kindsOf };
  return { schema: { enum: kept }, kinds: kindsOf };
}

/**
 * A closed object naming only the tested field and the fields a branch requires, written as
 * TypeScript directly: these branches are many and trivial, and json2ts is the slow part.
 */
function closedObject(field: string, fieldType: string, fieldOptional: boolean, requires: readonly string[]): Json2tsSchema {
  const members = [`${propertyKey(field)}${fieldOptional && !requires.includes(field) ? "?" : ""}: ${fieldType}`];
  for (const name of new Set(requires)) if (name !== field) members.push(`${propertyKey(name)}: unknown`);
  // One member per line: format-ts.ts indents it like json2ts's own output.
  return { tsType: `{\n${members.join("\n")}\n}` };
}

/** A union of literal types in TypeScript syntax (`never` when empty); JSON text is a TypeScript literal type. */
function literalType(values: readonly JsonValue[]): string {
  return values.length ? values.map((v) => JSON.stringify(v)).join(" | ") : "never";
}

/** A property name as TypeScript accepts it: bare when it is an identifier, quoted otherwise. */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `dependentRequired: {a: [b]}` as `{a: unknown; b: unknown} | {a?: never}`. */
function dependentRequiredUnions(node: SchemaObject): Json2tsSchema[] {
  const dependent = node.dependentRequired;
  if (!isObject(dependent)) return [];
  const unions: Json2tsSchema[] = [];
  for (const trigger of Object.keys(dependent)) {
    const needs = stringList(dependent, trigger).filter((n) => n !== trigger);
    if (!needs.length) continue;
    unions.push({ anyOf: [closedObject(trigger, "unknown", false, needs), closedObject(trigger, "never", true, [])] });
  }
  return unions;
}

/** The array branch: tuples from `prefixItems`, `T[]` from `items`; `undefined` when any array passes. */
function arrayShape(node: SchemaObject, build: (s: JsonSchema) => Json2tsSchema): Json2tsSchema | undefined {
  const items = asSchema(node.items);
  const prefix = schemaList(node, "prefixItems");
  if (prefix.length) {
    // json2ts's draft-07 tuple form: `[] | [A] | [A, B, ...Rest[]]`, every shorter prefix included.
    const rest = items === undefined || items === true ? true : items === false ? false : build(items);
    return { type: "array", items: prefix.map(build), additionalItems: rest };
  }
  if (items === false) return { tsType: "[]" };
  if (items === undefined || items === true || acceptsEverything(items)) return undefined;
  return { type: "array", items: build(items) };
}

/** `^abc` → `abc`: a pattern that only fixes a literal prefix, as a template literal type can say; else `undefined`. */
function prefixOf(pattern: string): string | undefined {
  const match = /^\^([^.*+?()[\]{}|\\^$`/]+)$/u.exec(pattern);
  return match?.[1];
}

// TypeScript checks an object literal against an optional `toString?: T` using the member every
// object inherits (`() => string`), so `{}` would fail unless T admits that member too.
const inheritedMembers = new Set(["constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf"]);

/** A property type widened by the member of the same name every object inherits from `Object`. */
function withInherited(name: string, type: Json2tsSchema): Json2tsSchema {
  const inherited = { tsType: `Object[${JSON.stringify(name)}]` };
  return Object.keys(type).length === 0 ? type : { anyOf: [type, inherited] };
}

/** Attaches JSDoc; an `unknown` schema needs `tsType` to carry it. */
function withDoc(schema: Json2tsSchema, doc: string | undefined): Json2tsSchema {
  if (!doc) return schema;
  return Object.keys(schema).length ? { ...schema, description: doc } : { tsType: "unknown", description: doc };
}
