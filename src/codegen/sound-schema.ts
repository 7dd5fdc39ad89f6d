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

/** How {@link SoundSchemaBuilder.build} builds a node. */
interface BuildOptions {
  /** Build a named node's own definition rather than a reference to its name. */
  definition?: boolean;
  /** An enclosing object type decides which keys may appear: add no index signature. */
  covered?: boolean;
  /** With `covered`: the only property names the enclosing object allows (`additionalProperties: false`). */
  allowed?: ReadonlySet<string>;
}

/** The names an object closed by `additionalProperties: false` allows, when they can be listed. */
function closedNames(node: SchemaObject): Set<string> | undefined {
  if (node.additionalProperties !== false || schemaMap(node, "patternProperties").length) return undefined;
  return new Set(schemaMap(node, "properties").map(([name]) => name));
}

/** What the in-place subschemas of an object declare (see `inPlaceDeclarations`). */
interface InPlaceDeclarations {
  names: Map<string, { schema: JsonSchema; under: readonly SchemaObject[] }[]>;
  open: boolean;
}

/** The name of the helper type that drops a type's index signatures (see {@link declaredFieldsDeclaration}). */
export const declaredFieldsHelper = "DeclaredFields";

/** Its declaration: each member of a union mapped to its declared fields, modifiers kept. */
export const declaredFieldsDeclaration = `/** \`T\` without its index signatures: the fields it declares, for an object that closes over it. */
export type ${declaredFieldsHelper}<T> = T extends unknown ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] } : never;`;

/** A definition json2ts should emit as a named type. */
export interface NamedDefinition {
  name: string;
  schema: Json2tsSchema;
}

/** Builds json2ts input for one schema document whose named nodes are known in advance. */
export class SoundSchemaBuilder {
  /** Problems found while building (unresolvable references). */
  readonly warnings: string[] = [];
  /** True once a type uses {@link declaredFieldsHelper}: the module must declare it. */
  usesDeclaredFields = false;
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
  build(node: JsonSchema, mask: Kinds, options: BuildOptions = {}): Built {
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

    const allowed = covered ? options.allowed : undefined;
    const own = this.ownShape(node, kinds, covered, allowed);
    // Under `additionalProperties: false`, names the in-place subschemas add are still refused:
    // their object types leave them out, so that TypeScript's excess-property check refuses them too.
    const ownNames = closedNames(node);
    const narrowed = ownNames && allowed ? new Set([...ownNames].filter((n) => allowed.has(n))) : (ownNames ?? allowed);
    const inPlace: BuildOptions = { covered: covered || (kinds === Kind.object && !own.kindOnly && !isUnknown(own)), ...(narrowed ? { allowed: narrowed } : {}) };
    const parts: Built[] = [];
    if (typeof node.$ref === "string") parts.push(this.reference(node.$ref, node, inPlace.covered === true));
    for (const member of schemaList(node, "allOf")) parts.push(this.build(member, kinds, inPlace));
    // oneOf is typed as anyOf: exclusivity is beyond TypeScript, and the union is a superset.
    for (const keyword of ["anyOf", "oneOf"]) {
      if (Array.isArray(node[keyword])) parts.push(union(schemaList(node, keyword).map((m) => this.build(m, kinds, inPlace))));
    }
    // Two members that accept everything: no value matches exactly one.
    if (schemaList(node, "oneOf").filter(acceptsEverything).length >= 2) return neverType();
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
  private reference(ref: string, from: SchemaObject, covered: boolean): Built {
    const target = resolveRef(this.root, ref, from);
    if (!target || (isObject(target.schema) && !this.names.has(target.schema))) {
      this.warnings.push(`unresolvable $ref ${ref}: typed as unknown`);
      return unknownType();
    }
    const built = this.build(target.schema, ALL_KINDS);
    // Inside an object whose keys are decided here, the referenced type's index signature (it may
    // be open on its own) would switch off TypeScript's excess-property check for the whole.
    if (!covered || !(built.kinds & Kind.object) || typeof built.schema.tsType !== "string") return built;
    this.usesDeclaredFields = true;
    return { schema: { tsType: `${declaredFieldsHelper}<${built.schema.tsType}>` }, kinds: built.kinds };
  }

  /** The node's own keywords per kind: primitives as such, objects and arrays refined. */
  private ownShape(node: SchemaObject, kinds: Kinds, covered: boolean, allowed: ReadonlySet<string> | undefined): Built {
    const object = kinds & Kind.object ? this.objectShape(node, covered, allowed) : undefined;
    const array = kinds & Kind.array ? arrayShape(node, (s) => this.build(s, ALL_KINDS).schema, () => this.inPlaceItems(node)) : undefined;
    if (!object && !array) return covered ? unknownType() : kindSchema(kinds);
    const rest = kindSchema(kinds & ~(object ? Kind.object : 0) & ~(array ? Kind.array : 0));
    const branches: Built[] = [];
    if (rest.kinds) branches.push(rest);
    if (object) branches.push({ schema: object, kinds: Kind.object });
    if (array) branches.push({ schema: array, kinds: Kind.array });
    return union(branches);
  }

  /**
   * The properties the in-place subschemas of an object (`allOf`, `anyOf`, `oneOf`, `if`, `then`,
   * `else`, `dependentSchemas`, `$ref`, nested) declare, each with the conditional subschemas
   * (`then`, `else`, `dependentSchemas` values) it was found under; `open` when some of them can
   * evaluate names that are not listed (`patternProperties`, `additionalProperties`, a reference
   * that does not resolve), so that `unevaluatedProperties: false` does not close the object.
   */
  private inPlaceDeclarations(node: SchemaObject): InPlaceDeclarations {
    const names = new Map<string, { schema: JsonSchema; under: readonly SchemaObject[] }[]>();
    let open = false;
    const path = new Set<SchemaObject>();
    const walk = (n: JsonSchema, under: readonly SchemaObject[]): void => {
      if (typeof n === "boolean" || path.has(n)) return;
      path.add(n);
      if (n !== node) {
        for (const [name, schema] of schemaMap(n, "properties")) names.set(name, [...(names.get(name) ?? []), { schema, under }]);
        const extra = (k: string): boolean => n[k] !== undefined && n[k] !== false;
        if (schemaMap(n, "patternProperties").length || extra("additionalProperties") || extra("unevaluatedProperties")) open = true;
      }
      // A dynamic reference resolves at validation time: what it evaluates is not known here.
      if (n.$dynamicRef !== undefined) open = true;
      for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const member of schemaList(n, keyword)) walk(member, under);
      const ifSchema = asSchema(n.if);
      if (ifSchema !== undefined) walk(ifSchema, under);
      for (const branch of ["then", "else"]) {
        const child = asSchema(n[branch]);
        if (isObject(child)) walk(child, [...under, child]);
      }
      for (const [, child] of schemaMap(n, "dependentSchemas")) if (isObject(child)) walk(child, [...under, child]);
      if (typeof n.$ref === "string") {
        const target = resolveRef(this.root, n.$ref, n);
        if (target) walk(target.schema, under);
        else open = true;
      }
      path.delete(n);
    };
    walk(node, []);
    return { names, open };
  }

  /**
   * The longest `prefixItems` among the in-place subschemas of an array schema: items past it are
   * evaluated by nothing, so `unevaluatedItems` decides them. `undefined` when some in-place
   * subschema can evaluate items past its prefix (`items`, `contains`, `unevaluatedItems`, a
   * reference that does not resolve).
   */
  private inPlaceItems(node: SchemaObject): number | undefined {
    let longest = 0;
    let open = false;
    const path = new Set<SchemaObject>();
    const walk = (n: JsonSchema): void => {
      if (typeof n === "boolean" || path.has(n)) return;
      path.add(n);
      longest = Math.max(longest, schemaList(n, "prefixItems").length);
      const extra = (k: string): boolean => n[k] !== undefined && n[k] !== false;
      if (n !== node && (extra("items") || extra("unevaluatedItems"))) open = true;
      if (n.contains !== undefined || n.$dynamicRef !== undefined) open = true;
      for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const member of schemaList(n, keyword)) walk(member);
      for (const keyword of ["if", "then", "else"]) {
        const child = asSchema(n[keyword]);
        if (child !== undefined) walk(child);
      }
      for (const [, child] of schemaMap(n, "dependentSchemas")) walk(child);
      if (typeof n.$ref === "string") {
        const target = resolveRef(this.root, n.$ref, n);
        if (target) walk(target.schema);
        else open = true;
      }
      path.delete(n);
    };
    walk(node);
    return open ? undefined : longest;
  }

  /** The object branch: properties, required, closedness, and conditional unions; `undefined` when any object passes. */
  private objectShape(node: SchemaObject, covered: boolean, allowed: ReadonlySet<string> | undefined): Json2tsSchema | undefined {
    // `propertyNames` with a finite list of names (`const`, `enum`, `false`) closes the object to them.
    const nameList = this.literalDomain(asSchema(node.propertyNames) ?? true, new Set());
    const names = node.propertyNames === false ? [] : nameList?.filter((n): n is string => typeof n === "string");
    const properties = schemaMap(node, "properties").filter(([name]) => (!allowed || allowed.has(name)) && (!names || names.includes(name)));
    const required = stringList(node, "required");
    const additional = asSchema(node.additionalProperties);
    const patterns = schemaMap(node, "patternProperties");
    const prefixes = patterns.map(([pattern]) => prefixOf(pattern));
    // `unevaluatedProperties: false` closes the object to the names it and its in-place subschemas
    // declare, when those are all listed; `additionalProperties: false` to its own.
    const inPlace = node.unevaluatedProperties === false && additional === undefined && !names ? this.inPlaceDeclarations(node) : undefined;
    const closedByUnevaluated = inPlace !== undefined && !inPlace.open;
    const closed = names !== undefined || ((additional === false || closedByUnevaluated) && prefixes.every((p) => p !== undefined));
    const borrowed: [string, { schema: JsonSchema }[]][] =
      closed && closedByUnevaluated
        ? [...inPlace!.names].filter(([name]) => !properties.some(([own]) => own === name))
        : names && additional !== false
          ? names.filter((name) => !properties.some(([own]) => own === name)).map((name) => [name, [{ schema: patterns.length ? true : (additional ?? true) }]])
          : [];
    // Keys matching a prefix pattern stay allowed beside a closed shape, through their own index signature.
    const prefixIndex = closed && !names && prefixes.length ? [{ tsType: `{ ${prefixes.map((p) => `[key: \`${p}\${string}\`]: unknown`).join("; ")} }` }] : [];
    const conditions = [
      ...prefixIndex,
      ...this.conditionUnions(node, properties, closed ? inPlace : undefined, additional === false ? new Set(properties.map(([n]) => n)) : allowed),
      ...dependentRequiredUnions(node),
      ...this.dependentSchemaUnions(node, closedNames(node) ?? allowed, closed ? inPlace : undefined, properties),
    ];
    const typedExtras = (additional !== undefined && additional !== true && !covered) || (!covered && patterns.some(([pattern]) => matchesEveryName(pattern)));
    if (!properties.length && !borrowed.length && !required.length && !closed && !typedExtras && !conditions.length) return undefined;
    if (closed && !properties.length && !borrowed.length && !prefixIndex.length) return required.length ? { tsType: "never" } : { tsType: "{ [key: string]: never }" };

    // Extra keys hold `additionalProperties`' type; the index signature must also admit the declared
    // and pattern-matched fields' types (TypeScript checks every member against it). A pattern
    // that matches every name (`.*`, `a*`) types every extra key instead.
    const sharing = [...properties, ...patterns];
    const everyName = patterns.filter(([pattern]) => matchesEveryName(pattern));
    const extra =
      everyName.length && !properties.length && !covered && !closed
        ? intersection(everyName.map(([, schema]) => this.build(schema, ALL_KINDS)), ALL_KINDS)
        : typedExtras && additional !== undefined && !closed && !sharing.some(([name]) => inheritedMembers.has(name))
          ? union([this.build(additional!, ALL_KINDS), ...sharing.map(([, schema]) => this.build(schema, ALL_KINDS))])
          : undefined;
    const reasons = requirementConditions(node);
    const shape: Json2tsSchema = { type: "object", properties: {}, required: [], additionalProperties: closed || covered ? false : extra ? extra.schema : true };
    const declared = shape.properties as Record<string, unknown>;
    for (const [name, child] of properties) {
      const type = inheritedMembers.has(name) ? withInherited(name, this.build(child, ALL_KINDS).schema) : this.build(child, ALL_KINDS).schema;
      setOwn(declared, name, withDoc(type, docFor(child, { requiredWhen: reasons.get(name) ?? [] })));
    }
    // A name only in-place subschemas declare can be present only when one of them applied: it
    // holds one of their types.
    for (const [name, found] of borrowed) {
      const types = union([...new Set(found.map((d) => d.schema))].map((schema) => this.build(schema, ALL_KINDS))).schema;
      setOwn(declared, name, withDoc(inheritedMembers.has(name) ? withInherited(name, types) : types, docFor(found[0]!.schema, { requiredWhen: reasons.get(name) ?? [] })));
    }
    for (const name of required) {
      if (Object.hasOwn(declared, name) || (closed && !prefixIndex.length)) continue;
      setOwn(declared, name, extra ? extra.schema : {});
    }
    shape.required = [...new Set(required.filter((name) => Object.hasOwn(declared, name)))];
    if (!conditions.length) return shape;
    const combined = { allOf: [shape, ...conditions] };
    this.conditional.add(combined);
    return combined;
  }

  /**
   * One union per `if` that tests a field of this object against literals, when the field's own
   * values are a finite list: `{field: <passing values>, ...then-required, ...then's fields} |
   * {field?: <the others>, ...else's}`. In a closed object, a field that only the `then` declares
   * is absent from the other branch (and the other way round).
   */
  private conditionUnions(
    node: SchemaObject,
    properties: [string, JsonSchema][],
    closedBy: InPlaceDeclarations | undefined,
    allowed: ReadonlySet<string> | undefined,
  ): Json2tsSchema[] {
    const unions: Json2tsSchema[] = [];
    const own = new Set(properties.map(([name]) => name));
    // Names declared only under this branch (every declaration found beneath it), in a closed object.
    const onlyUnder = (branch: JsonSchema | undefined): string[] =>
      !closedBy || !isObject(branch) ? [] : [...closedBy.names].filter(([name, found]) => !own.has(name) && found.every((d) => d.under.includes(branch))).map(([name]) => name);
    const typed = (branch: JsonSchema | undefined): [string, Json2tsSchema][] =>
      isObject(branch) ? schemaMap(branch, "properties").filter(([name]) => !allowed || allowed.has(name)).map(([name, schema]) => [name, this.build(schema, ALL_KINDS).schema]) : [];
    for (const c of conditionalsOf(node)) {
      const test = fieldTestOf(c.if);
      if (!test) continue;
      const thenRequired = requiredBy(c.then);
      const elseRequired = requiredBy(c.else);
      const thenTyped = typed(c.then);
      const elseTyped = typed(c.else);
      const thenOnly = onlyUnder(c.then);
      const elseOnly = onlyUnder(c.else);
      if (!thenRequired.length && !elseRequired.length && !thenTyped.length && !elseTyped.length && !thenOnly.length && !elseOnly.length) continue;
      const fieldSchema = properties.find(([name]) => name === test.field)?.[1];
      const domain = fieldSchema === undefined ? undefined : this.literalDomain(fieldSchema, new Set());
      if (!domain) continue;
      const passing = domain.filter((v) => test.values.some((w) => jsonEqual(v, w)));
      const failing = domain.filter((v) => !passing.some((w) => jsonEqual(v, w)));
      const branches: Json2tsSchema[] = [];
      // The `if` passes: the field holds a passing value (or is absent, when the `if` does not require it).
      if (passing.length || !test.fieldRequired) {
        branches.push(closedObject(test.field, literalType(passing), !test.fieldRequired, thenRequired, thenTyped, elseOnly));
      }
      // The `if` fails: the field holds another value (or is absent, when the `if` requires it).
      if (failing.length || test.fieldRequired) {
        branches.push(closedObject(test.field, literalType(failing), test.fieldRequired, elseRequired, elseTyped, thenOnly));
      }
      unions.push(branches.length === 1 ? branches[0]! : { anyOf: branches });
    }
    return unions;
  }

  /**
   * `dependentSchemas: {a: S}` as `({a: unknown} & S) | {a?: never}`: the schema applies once
   * the field is present (its object type adds no index signature, as for other in-place parts).
   */
  private dependentSchemaUnions(
    node: SchemaObject,
    allowed: ReadonlySet<string> | undefined,
    closedBy: InPlaceDeclarations | undefined,
    properties: [string, JsonSchema][],
  ): Json2tsSchema[] {
    const unions: Json2tsSchema[] = [];
    for (const [trigger, schema] of schemaMap(node, "dependentSchemas")) {
      const applied = this.build(schema, Kind.object, { covered: true, ...(allowed ? { allowed } : {}) });
      if (isUnknown(applied)) continue;
      // In a closed object, a field only this schema declares is absent without the trigger.
      const only =
        closedBy && isObject(schema)
          ? [...closedBy.names].filter(([name, found]) => name !== trigger && !properties.some(([own]) => own === name) && found.every((d) => d.under.includes(schema))).map(([name]) => name)
          : [];
      const present = { tsType: `{\n${propertyKey(trigger)}: unknown\n}` };
      const absent = { tsType: `{\n${[`${propertyKey(trigger)}?: never`, ...only.map((name) => `${propertyKey(name)}?: never`)].join("\n")}\n}` };
      unions.push({ anyOf: [applied.kinds === 0 ? { tsType: "never" } : { allOf: [present, applied.schema] }, absent] });
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
      const target = resolveRef(this.root, schema.$ref, schema);
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
 * A closed object naming only the tested field, the fields a branch requires, those it declares
 * (typed) and those it rules out (`never`). Written as TypeScript directly when nothing is typed:
 * these branches are many and trivial, and json2ts is the slow part.
 */
function closedObject(
  field: string,
  fieldType: string,
  fieldOptional: boolean,
  requires: readonly string[],
  typed: readonly [string, Json2tsSchema][] = [],
  absent: readonly string[] = [],
): Json2tsSchema {
  const declared = typed.filter(([name]) => name !== field);
  if (declared.length) {
    const properties: Record<string, unknown> = {};
    setOwn(properties, field, { tsType: fieldType });
    for (const name of requires) setOwn(properties, name, {});
    for (const [name, schema] of declared) setOwn(properties, name, schema);
    for (const name of absent) if (!Object.hasOwn(properties, name)) setOwn(properties, name, { tsType: "never" });
    const required = [...new Set([...(fieldOptional && !requires.includes(field) ? [] : [field]), ...requires])];
    return { type: "object", properties, required, additionalProperties: false };
  }
  const members = [`${propertyKey(field)}${fieldOptional && !requires.includes(field) ? "?" : ""}: ${fieldType}`];
  for (const name of new Set(requires)) if (name !== field) members.push(`${propertyKey(name)}: unknown`);
  for (const name of new Set(absent)) if (name !== field && !requires.includes(name)) members.push(`${propertyKey(name)}?: never`);
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

/**
 * The array branch: tuples from `prefixItems`, `T[]` from `items`, or from `unevaluatedItems`
 * for the items past every in-place prefix (`longestPrefix`); `undefined` when any array passes.
 */
function arrayShape(node: SchemaObject, build: (s: JsonSchema) => Json2tsSchema, longestPrefix: () => number | undefined): Json2tsSchema | undefined {
  let items = asSchema(node.items);
  const prefix: JsonSchema[] = schemaList(node, "prefixItems");
  const unevaluated = asSchema(node.unevaluatedItems);
  if (items === undefined && unevaluated !== undefined && unevaluated !== true) {
    const longest = longestPrefix();
    if (longest !== undefined) {
      // Items an in-place subschema may evaluate stay as this schema types them (or unknown).
      while (prefix.length < longest) prefix.push(true);
      items = unevaluated;
    }
  }
  if (prefix.length) {
    // json2ts's draft-07 tuple form: `[] | [A] | [A, B, ...Rest[]]`, every shorter prefix included.
    const rest = items === undefined || items === true ? true : items === false ? false : build(items);
    return { type: "array", items: prefix.map(build), additionalItems: rest };
  }
  if (items === false) return { tsType: "[]" };
  if (items === undefined || items === true || acceptsEverything(items)) return undefined;
  return { type: "array", items: build(items) };
}

/** True for a pattern every property name matches somewhere (`.*`, `^`, `a*`: it matches the empty string at the start). */
function matchesEveryName(pattern: string): boolean {
  return /^\^?(?:\.\*|[^\\.*+?()[\]{}|^$]\*)?\$?$/u.test(pattern) && !/^\^\$$/.test(pattern);
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
