// Rewrites a draft 2020-12 schema into the subset json-schema-to-typescript types soundly: every
// node gets an explicit kind, references become named types (`tsType`), `prefixItems` becomes the
// draft-07 tuple form it understands, and what it drops or mistypes (`not`, `oneOf`, `if`,
// untyped keywords, bounds) is widened or turned into unions TypeScript can check. The guiding
// rule: the type of a node may accept more than the schema, never less.
import { resolveRef } from "../sections/json-pointer.js";
import {
  acceptsEverything,
  annotationKeywords,
  asSchema,
  isObject,
  isVendorKeyword,
  jsonEqual,
  type JsonSchema,
  type JsonValue,
  type SchemaObject,
  schemaList,
  schemaMap,
  setOwn,
  stringList,
} from "../sections/schema-node.js";
import { Closures, type InPlaceDeclarations, patternNames } from "./closure.js";
import { conditionalsOf, fieldTestOf, requiredBy, requirementConditions } from "./conditions.js";
import { arrayShape, tuples } from "./array-shape.js";
import { type Evaluated, ItemEvaluation } from "./item-evaluation.js";
import { docFor } from "./jsdoc.js";
import { Presence } from "./presence.js";
import { ALL_KINDS, Kind, KindAnalysis, type Kinds, kindOfValue, kindsAcceptedFully } from "./kinds.js";
import { simpleTypeText } from "./type-text.js";
import { admits, admitsEveryName, intersectNames, keyTemplate, literalName, matchesEveryName, mayMatch, type NameSet } from "./property-names.js";

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
  /** With `covered`: the only property names the enclosing object allows (it is closed). */
  allowed?: NameSet;
  /**
   * The enclosing object's fields whose own type is closed, with the names each allows: an
   * in-place subschema that declares one of them again adds no index signature to it.
   */
  fields?: ReadonlyMap<string, NameSet>;
}

/** Keywords whose subschemas apply to the instance itself, beside the node's own keywords. */
const inPlaceKeywords = ["$ref", "allOf", "anyOf", "oneOf", "if", "not"];

/** The name of the helper type that drops a type's index signatures (see {@link declaredFieldsDeclaration}). */
export const declaredFieldsHelper = "DeclaredFields";

/** Its declaration: each object member of a union mapped to its declared fields, modifiers kept (other kinds dropped). */
export const declaredFieldsDeclaration = `/** The objects of \`T\` without their index signatures: the fields they declare, for an object that closes over them. */
export type ${declaredFieldsHelper}<T> = T extends null | boolean | number | string | readonly unknown[] ? never : { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };`;

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
  private readonly closures: Closures;
  private readonly items: ItemEvaluation;
  private readonly presence: Presence;
  private readonly conditional = new WeakSet<Json2tsSchema>();
  private readonly inlining = new Set<SchemaObject>();

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
    this.items = new ItemEvaluation(root);
    this.presence = new Presence(root, this.kinds);
    this.closures = new Closures(root, (schema) => (schema === false ? [] : this.literalDomain(schema, new Set())?.filter((n): n is string => typeof n === "string")));
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
    const objectOnly = kinds === Kind.object;
    if (typeof node === "boolean" || acceptsEverything(node)) return options.covered && objectOnly ? unknownType() : kindSchema(kinds);
    if (node.const !== undefined) return literals([node.const as JsonValue], kinds);
    if (Array.isArray(node.enum)) return literals(node.enum as JsonValue[], kinds);
    // Objects are built apart from the other kinds when in-place subschemas apply, so that theirs
    // are intersected without index signatures (see `covered`) and any of them can close the whole.
    if (kinds & Kind.object && !objectOnly && (inPlaceKeywords.some((k) => node[k] !== undefined) || (options.covered && options.allowed))) {
      return union([this.build(node, kinds & ~Kind.object, options), this.build(node, Kind.object, options)]);
    }

    // Arrays are built apart when which items `unevaluatedItems` decides depends on the branch taken.
    const itemBranches = kinds & Kind.array ? this.items.branches(node) : undefined;
    if (itemBranches && kinds !== Kind.array) return union([this.build(node, kinds & ~Kind.array, options), this.build(node, Kind.array, options)]);

    // The names an object may hold: what encloses it allows, narrowed by its own closure and that of
    // the in-place subschemas that always apply. Once they are known, no part adds an index signature.
    const allowed = objectOnly ? intersectNames(options.covered ? options.allowed : undefined, this.closures.closureOf(node)) : undefined;
    const covered = objectOnly && (options.covered === true || allowed !== undefined);
    const own = this.ownShape(node, kinds, covered, allowed, itemBranches !== undefined, options.fields);
    const fields = objectOnly ? this.closedFields(node, options.fields) : undefined;
    const inPlace: BuildOptions = { covered: covered || (objectOnly && !own.kindOnly && !isUnknown(own)), ...(allowed ? { allowed } : {}), ...(fields ? { fields } : {}) };
    const parts: Built[] = [];
    if (typeof node.$ref === "string") parts.push(this.reference(node.$ref, node, inPlace.covered === true, kinds));
    for (const member of schemaList(node, "allOf")) parts.push(this.build(member, kinds, inPlace));
    const not = objectOnly ? this.objectNegation(asSchema(node.not), allowed, inPlace.covered === true) : undefined;
    if (not) parts.push(not);
    if (itemBranches) {
      // One tuple type per branch: what holds there, closed past the prefix it evaluates.
      const unevaluated = asSchema(node.unevaluatedItems)!;
      const branches = itemBranches.map((b) => intersection([...b.schemas.map((s) => this.build(s, kinds, inPlace)), this.unevaluatedRest(b.evaluated, unevaluated)], kinds));
      return intersection([own, ...parts, union(branches)], kinds);
    }
    if (Array.isArray(node.anyOf)) parts.push(union(schemaList(node, "anyOf").map((m) => this.build(m, kinds, inPlace))));
    // oneOf is a union whose members rule out what TypeScript can say of the others (see `exclusions`).
    if (Array.isArray(node.oneOf)) {
      const members = schemaList(node, "oneOf");
      parts.push(union(members.map((m, i) => intersection([this.build(m, kinds, inPlace), ...(objectOnly ? this.exclusions(node, members, i, inPlace.covered === true) : [])], kinds))));
    }
    const ifSchema = asSchema(node.if);
    const then = asSchema(node.then);
    const otherwise = asSchema(node.else);
    if (ifSchema === true && then !== undefined) parts.push(this.build(then, kinds, inPlace));
    else if (ifSchema === false && otherwise !== undefined) parts.push(this.build(otherwise, kinds, inPlace));
    else if (ifSchema !== undefined && otherwise === false) {
      // Only the values the `if` accepts can be valid.
      parts.push(this.build(ifSchema, kinds, inPlace), ...(then === undefined ? [] : [this.build(then, kinds, inPlace)]));
    } else if (ifSchema !== undefined && then !== undefined && otherwise !== undefined) {
      // Either branch may apply; TypeScript cannot evaluate an arbitrary `if`.
      parts.push(union([this.build(then, kinds, inPlace), this.build(otherwise, kinds, inPlace)]));
    }
    return intersection([own, ...parts], kinds);
  }

  /**
   * What member `i` of an object's `oneOf` implies of the others, which must fail: a member that
   * only requires names (`required`, with `properties` that accept anything) fails when one of
   * them is absent, so `{b?: never}` when `b` is the one name it requires that member `i` does not
   * (`never` when there is none); in an object closed by `unevaluatedProperties`, a name that only
   * other members declare is evaluated by nothing and so absent.
   */
  private exclusions(node: SchemaObject, members: readonly JsonSchema[], i: number, covered: boolean): Built[] {
    const present = new Set([...stringList(node, "required"), ...this.presence.requiredNames(members[i]!)]);
    const parts: Built[] = [];
    members.forEach((other, j) => {
      const names = j === i ? undefined : this.presence.presenceOnly(other);
      if (!names) return;
      const missing = [...names].filter((name) => !present.has(name));
      if (!missing.length) parts.push(neverType());
      else parts.push(union(missing.map((name) => absentFields([name], covered))));
    });
    // Under `unevaluatedProperties: false`, with nothing open applying beside member `i` (the own
    // keywords included), a name that only subschemas under other members declare is unevaluated.
    const inPlace = node.unevaluatedProperties === false && node.additionalProperties === undefined ? this.closures.inPlaceDeclarations(node) : undefined;
    const others = members.filter((m, j): m is SchemaObject => j !== i && isObject(m));
    const elsewhere = (under: readonly SchemaObject[]): boolean => others.some((m) => under.includes(m));
    if (inPlace && patternNames(node)?.templates.length === 0 && inPlace.openUnder.every(elsewhere)) {
      const own = new Set([...schemaMap(node, "properties").map(([name]) => name), ...(patternNames(node)?.names ?? [])]);
      const templates = inPlace.templates.filter((t) => !elsewhere(t.declaration.under)).map((t) => t.template);
      const mentioned = new Set([...inPlace.names.keys(), ...inPlace.required.keys()]);
      const absent = [...mentioned].filter(
        (name) => !own.has(name) && !present.has(name) && (inPlace.names.get(name) ?? []).every((d) => elsewhere(d.under)) && !templates.some((t) => t.regex.test(name)),
      );
      if (absent.length) parts.push(absentFields(absent, covered));
    }
    return parts;
  }

  /**
   * The objects `not: S` lets through, when S only asks for names (`required`) and kinds of
   * fields: one of the names is absent, or one of the fields holds a kind S refuses
   * (`{a?: never} | {b: null | boolean | number | unknown[]}`); `undefined` when S says more.
   */
  private objectNegation(schema: JsonSchema | undefined, allowed: NameSet | undefined, covered: boolean): Built | undefined {
    if (!isObject(schema)) return undefined;
    const simple = Object.keys(schema).every((k) => k === "required" || k === "properties" || k === "type" || annotationKeywords.has(k) || isVendorKeyword(k));
    if (!simple || !(this.kinds.of(schema) & Kind.object)) return undefined;
    const members: Built[] = stringList(schema, "required").map((name) => absentFields([name], covered));
    for (const [name, child] of schemaMap(schema, "properties")) {
      const refused = ALL_KINDS & ~kindsAcceptedFully(child);
      if (!refused || !admits(allowed, name)) continue;
      const properties: Record<string, unknown> = {};
      setOwn(properties, name, kindSchema(refused).schema);
      members.push({ schema: { type: "object", properties, required: [name], additionalProperties: !covered }, kinds: Kind.object });
    }
    return members.length ? union(members) : neverType();
  }

  /** A `$ref` as the name of its target's type. */
  private reference(ref: string, from: SchemaObject, covered: boolean, kinds: Kinds): Built {
    const target = resolveRef(this.root, ref, from);
    if (!target || (isObject(target.schema) && !this.names.has(target.schema))) {
      this.warnings.push(`unresolvable $ref ${ref}: typed as unknown`);
      return unknownType();
    }
    // Without objects, a type that also holds objects is built here for the other kinds: TypeScript
    // keeps `{ [k: string]: unknown } & unknown[]` in `Name & (string | unknown[])`, and that member's
    // index signature would switch off the excess-property check of the union it ends up in.
    if (!(kinds & Kind.object) && isObject(target.schema) && this.kinds.of(target.schema) & Kind.object && !this.inlining.has(target.schema)) {
      this.inlining.add(target.schema);
      const inlined = this.build(target.schema, kinds, { definition: true });
      this.inlining.delete(target.schema);
      return inlined;
    }
    const built = this.build(target.schema, ALL_KINDS);
    // Inside an object whose keys are decided here, the referenced type's index signature (it may
    // be open on its own) would switch off TypeScript's excess-property check for the whole; a
    // closed one only admits what its closure does, and may hold it (`[key: string]: never`).
    const closed = this.closures.closureOf(target.schema) !== undefined;
    if (!covered || closed || !(built.kinds & Kind.object) || typeof built.schema.tsType !== "string") return built;
    this.usesDeclaredFields = true;
    return { schema: { tsType: `${declaredFieldsHelper}<${built.schema.tsType}>` }, kinds: built.kinds };
  }

  /** Arrays whose first `evaluated` items something else evaluated, the others left to `unevaluated`. */
  private unevaluatedRest(evaluated: Evaluated, unevaluated: JsonSchema): Built {
    if (evaluated === "all" || acceptsEverything(unevaluated)) return unknownType();
    const rest = unevaluated === false ? false : this.build(unevaluated, ALL_KINDS).schema;
    if (evaluated === 0) return { schema: rest === false ? { tsType: "[]" } : { type: "array", items: rest }, kinds: Kind.array };
    return { schema: tuples(Array.from({ length: evaluated }, () => ({})), rest), kinds: Kind.array };
  }

  /** The fields of an object whose type is closed (see {@link BuildOptions.fields}), with those of what encloses it; `undefined` when none. */
  private closedFields(node: SchemaObject, enclosing: ReadonlyMap<string, NameSet> | undefined): ReadonlyMap<string, NameSet> | undefined {
    const fields = new Map(enclosing);
    for (const [name, child] of schemaMap(node, "properties")) {
      const closure = this.closures.closureOf(child);
      if (closure) fields.set(name, intersectNames(fields.get(name), closure)!);
    }
    return fields.size ? fields : undefined;
  }

  /** A field's type; one an enclosing object declares closed adds no index signature (see {@link BuildOptions.fields}). */
  private field(name: string, schema: JsonSchema, fields: ReadonlyMap<string, NameSet> | undefined): Json2tsSchema {
    const closure = fields?.get(name);
    return this.build(schema, ALL_KINDS, closure ? { covered: true, allowed: closure } : {}).schema;
  }

  /** The node's own keywords per kind: primitives as such, objects and arrays refined (`branched`: its branches close the array). */
  private ownShape(node: SchemaObject, kinds: Kinds, covered: boolean, allowed: NameSet | undefined, branched = false, fields?: ReadonlyMap<string, NameSet>): Built {
    const object = kinds & Kind.object ? this.objectShape(node, covered, allowed, fields) : undefined;
    const array =
      kinds & Kind.array
        ? arrayShape(
            node,
            (s) => this.build(s, ALL_KINDS).schema,
            () => (branched ? undefined : this.items.inPlace(node)),
            (s) => this.literalDomain(s, new Set()),
          )
        : undefined;
    if (!object && !array) return covered ? unknownType() : kindSchema(kinds);
    const rest = kindSchema(kinds & ~(object ? Kind.object : 0) & ~(array ? Kind.array : 0));
    const branches: Built[] = [];
    if (rest.kinds) branches.push(rest);
    if (object) branches.push({ schema: object, kinds: Kind.object });
    if (array) branches.push({ schema: array, kinds: Kind.array });
    return union(branches);
  }

  /** The object branch: properties, required, closedness, pattern templates and conditional unions; `undefined` when any object passes. */
  private objectShape(node: SchemaObject, covered: boolean, allowed: NameSet | undefined, fields: ReadonlyMap<string, NameSet> | undefined): Json2tsSchema | undefined {
    const closure = this.closures.ownClosure(node);
    const effective = intersectNames(allowed, closure);
    const properties = schemaMap(node, "properties").filter(([name]) => admits(effective, name));
    const required = stringList(node, "required");
    // A required name the object may not hold: no object is valid.
    if (required.some((name) => !admits(effective, name))) return { tsType: "never" };
    const additional = asSchema(node.additionalProperties);
    const patterns = schemaMap(node, "patternProperties");
    const closed = closure !== undefined;
    // `unevaluatedProperties: false` closes the object to the names it and its in-place subschemas
    // declare, when those are all listed (the closure says so); a finite `propertyNames` to its list.
    const inPlace = node.unevaluatedProperties === false && additional === undefined ? this.closures.inPlaceDeclarations(node) : undefined;
    const closedBy = inPlace && !inPlace.open && patternNames(node) ? inPlace : undefined;
    const nameList = node.propertyNames === false ? [] : node.propertyNames === undefined ? undefined : this.literalDomain(asSchema(node.propertyNames) ?? true, new Set())?.filter((n): n is string => typeof n === "string");
    const own = new Set(properties.map(([name]) => name));
    const borrowed: [string, JsonSchema[]][] =
      nameList
        ? nameList
            .filter((name) => !own.has(name) && admits(effective, name) && (additional !== false || patterns.some(([pattern]) => mayMatch(pattern, name))))
            .map((name) => [name, [patterns.length ? true : (additional ?? true)]])
        : closedBy
          ? [...closedBy.names].filter(([name]) => !own.has(name) && admits(effective, name)).map(([name, found]) => [name, found.map((d) => d.schema)])
          : [];
    // Extra keys hold `additionalProperties`' type; the index signature must also admit the declared
    // and pattern-matched fields' types (TypeScript checks every member against it). A pattern
    // that matches every name (`.*`, `a*`) types every extra key instead.
    const typedExtras = (additional !== undefined && additional !== true && !covered) || (!covered && patterns.some(([pattern]) => matchesEveryName(pattern)));
    const sharing = [...properties, ...patterns];
    const everyName = patterns.filter(([pattern]) => matchesEveryName(pattern));
    const extra =
      everyName.length && !properties.length && !covered && !closed
        ? intersection(everyName.map(([, schema]) => this.build(schema, ALL_KINDS)), ALL_KINDS)
        : typedExtras && additional !== undefined && !closed && !sharing.some(([name]) => inheritedMembers.has(name))
          ? indexType([this.build(additional!, ALL_KINDS), ...sharing.map(([, schema]) => this.build(schema, ALL_KINDS))])
          : undefined;
    // Each field's type: declared here, or, for a name only in-place subschemas declare, one of
    // their types (it can be present only when one of them applied).
    const types = new Map<string, Json2tsSchema>();
    for (const [name, child] of properties) types.set(name, this.field(name, child, fields));
    for (const [name, found] of borrowed) types.set(name, union([...new Set(found)].map((schema) => this.build(schema, ALL_KINDS))).schema);
    for (const [name, type] of types) if (inheritedMembers.has(name)) types.set(name, withInherited(name, type));
    // The type a conditional branch gives a field it requires: the declared one, so that it reads as such.
    const typeOf = (name: string): Json2tsSchema => types.get(name) ?? extra?.schema ?? {};

    // Names a template admits stay allowed beside a closed shape, through an index signature of their own.
    const templates = closed ? (effective?.templates ?? []).filter((t) => !admitsEveryName(t)) : [];
    const templateIndex = templates.length ? [{ tsType: `{ ${templates.map((t) => `[key: ${t.text}]: unknown`).join("; ")} }` }] : [];
    const conditions = [
      ...templateIndex,
      ...this.patternParts(patterns),
      ...this.conditionUnions(node, properties, closedBy, effective, this.closedFields(node, fields), typeOf),
      ...dependentRequiredUnions(node, typeOf),
      ...this.dependentSchemaUnions(node, effective, closedBy, properties, typeOf),
    ];
    if (!properties.length && !borrowed.length && !required.length && !closed && !typedExtras && !conditions.length) return undefined;
    if (closed && !properties.length && !borrowed.length && !templateIndex.length) return required.length ? { tsType: "never" } : { tsType: "{ [key: string]: never }" };

    const reasons = requirementConditions(node);
    const shape: Json2tsSchema = { type: "object", properties: {}, required: [], additionalProperties: closed || covered ? false : extra ? extra.schema : true };
    const declared = shape.properties as Record<string, unknown>;
    for (const [name, child] of properties) setOwn(declared, name, withDoc(types.get(name)!, docFor(child, { requiredWhen: reasons.get(name) ?? [] })));
    for (const [name, found] of borrowed) setOwn(declared, name, withDoc(types.get(name)!, docFor(found[0]!, { requiredWhen: reasons.get(name) ?? [] })));
    for (const name of required) {
      if (Object.hasOwn(declared, name) || (closed && !templateIndex.length)) continue;
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
    allowed: NameSet | undefined,
    fields: ReadonlyMap<string, NameSet> | undefined,
    typeOf: (name: string) => Json2tsSchema,
  ): Json2tsSchema[] {
    const unions: Json2tsSchema[] = [];
    const own = new Set(properties.map(([name]) => name));
    // Names declared only under this branch (every declaration found beneath it), in a closed object.
    const onlyUnder = (branch: JsonSchema | undefined): string[] =>
      !closedBy || !isObject(branch) ? [] : [...closedBy.names].filter(([name, found]) => !own.has(name) && found.every((d) => d.under.includes(branch))).map(([name]) => name);
    const typed = (branch: JsonSchema | undefined): [string, Json2tsSchema][] =>
      isObject(branch) ? schemaMap(branch, "properties").filter(([name]) => admits(allowed, name)).map(([name, schema]) => [name, this.field(name, schema, fields)]) : [];
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
      const domain = this.fieldDomain(test.field, properties, closedBy);
      if (!domain) continue;
      const passing = domain.filter((v) => test.values.some((w) => jsonEqual(v, w)));
      const failing = domain.filter((v) => !passing.some((w) => jsonEqual(v, w)));
      const branches: Json2tsSchema[] = [];
      // The `if` passes: the field holds a passing value (or is absent, when the `if` does not require it).
      if (passing.length || !test.fieldRequired) {
        branches.push(closedObject(test.field, { tsType: literalType(passing) }, !test.fieldRequired, thenRequired, typeOf, thenTyped, elseOnly));
      }
      // The `if` fails: the field holds another value (or is absent, when the `if` requires it).
      if (failing.length || test.fieldRequired) {
        branches.push(closedObject(test.field, { tsType: literalType(failing) }, test.fieldRequired, elseRequired, typeOf, elseTyped, thenOnly));
      }
      unions.push(branches.length === 1 ? branches[0]! : { anyOf: branches });
    }
    return unions;
  }

  /**
   * The finite list of values a field of this object can hold: from its own declaration, or, in an
   * object closed by `unevaluatedProperties`, from every in-place declaration (it can only be
   * present where one of them evaluated it, and so holds one of their values).
   */
  private fieldDomain(field: string, properties: [string, JsonSchema][], closedBy: InPlaceDeclarations | undefined): JsonValue[] | undefined {
    const own = properties.find(([name]) => name === field)?.[1];
    if (own !== undefined) return this.literalDomain(own, new Set());
    const found = closedBy?.names.get(field);
    if (!found) return undefined;
    const domains = found.map((d) => this.literalDomain(d.schema, new Set()));
    if (domains.some((d) => d === undefined)) return undefined;
    const values: JsonValue[] = [];
    for (const v of domains.flat() as JsonValue[]) if (!values.some((w) => jsonEqual(v, w))) values.push(v);
    return values;
  }

  /**
   * Each `patternProperties` entry TypeScript can state exactly, as a part of the object type:
   * `{ [key: \`bar${string}\`]: T }` for a template, `{ name?: T }` for a single name. Any other
   * pattern only loosens the index signature (or the closure).
   */
  private patternParts(patterns: [string, JsonSchema][]): Json2tsSchema[] {
    const parts: Json2tsSchema[] = [];
    for (const [pattern, schema] of patterns) {
      const name = literalName(pattern);
      const template = name === undefined ? keyTemplate(pattern) : undefined;
      if (name === undefined && (!template?.exact || admitsEveryName(template))) continue;
      const value = this.build(schema, ALL_KINDS);
      if (isUnknown(value)) continue;
      if (name !== undefined) {
        const properties: Record<string, unknown> = {};
        setOwn(properties, name, value.schema);
        parts.push({ type: "object", properties, additionalProperties: false });
        continue;
      }
      const text = simpleTypeText(value.schema);
      if (text !== undefined) parts.push({ tsType: `{ [key: ${template!.text}]: ${text} }` });
    }
    return parts;
  }

  /**
   * `dependentSchemas: {a: S}` as `({a: A} & S) | {a?: never}` (`A` the field's declared type):
   * the schema applies once the field is present (its object type adds no index signature, as
   * for other in-place parts).
   */
  private dependentSchemaUnions(
    node: SchemaObject,
    allowed: NameSet | undefined,
    closedBy: InPlaceDeclarations | undefined,
    properties: [string, JsonSchema][],
    typeOf: (name: string) => Json2tsSchema,
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
      const present = closedObject(trigger, withoutDoc(typeOf(trigger)), false, [], typeOf);
      const absent = { tsType: `{\n${[`${propertyKey(trigger)}?: never`, ...only.map((name) => `${propertyKey(name)}?: never`)].join("\n")}\n}` };
      // A schema that cannot hold its own trigger (closed without it) fails whenever it applies.
      const impossible = applied.kinds === 0 || !admits(this.closures.closureOf(schema), trigger);
      unions.push(impossible ? absent : { anyOf: [{ allOf: [present, applied.schema] }, absent] });
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
 * A closed object naming only the tested field, the fields a branch requires (with their declared
 * types, `typeOf`, so that the branch reads as the object does), those it declares (typed) and
 * those it rules out (`never`). Written as TypeScript directly when every type is simple: these
 * branches are many and trivial, and json2ts is the slow part.
 */
function closedObject(
  field: string,
  fieldType: Json2tsSchema,
  fieldOptional: boolean,
  requires: readonly string[],
  typeOf: (name: string) => Json2tsSchema,
  typed: readonly [string, Json2tsSchema][] = [],
  absent: readonly string[] = [],
): Json2tsSchema {
  const declared = typed.filter(([name]) => name !== field);
  const required = [...new Set(requires)].filter((name) => name !== field && !declared.some(([other]) => other === name));
  const texts = [fieldType, ...required.map((name) => typeOf(name))].map((schema) => simpleTypeText(withoutDoc(schema)));
  if (declared.length || texts.some((t) => t === undefined)) {
    const properties: Record<string, unknown> = {};
    setOwn(properties, field, fieldType);
    for (const name of required) setOwn(properties, name, withoutDoc(typeOf(name)));
    for (const [name, schema] of declared) setOwn(properties, name, schema);
    for (const name of absent) if (!Object.hasOwn(properties, name)) setOwn(properties, name, { tsType: "never" });
    const names = [...new Set([...(fieldOptional && !requires.includes(field) ? [] : [field]), ...requires])];
    return { type: "object", properties, required: names, additionalProperties: false };
  }
  const members = [`${propertyKey(field)}${fieldOptional && !requires.includes(field) ? "?" : ""}: ${texts[0]}`];
  required.forEach((name, i) => members.push(`${propertyKey(name)}: ${texts[i + 1]}`));
  for (const name of new Set(absent)) if (name !== field && !requires.includes(name)) members.push(`${propertyKey(name)}?: never`);
  // One member per line: format-ts.ts indents it like json2ts's own output.
  return { tsType: `{\n${members.join("\n")}\n}` };
}

/** A schema without its top-level JSDoc, for a field repeated in a conditional branch. */
function withoutDoc(schema: Json2tsSchema): Json2tsSchema {
  const { description: _doc, ...rest } = schema;
  return rest;
}

/**
 * `{ a?: never; b?: never }`, a part of an object type saying which names are absent: with an
 * index signature unless an enclosing object decides the keys (`covered`), so that it refuses no
 * other name by itself.
 */
function absentFields(names: readonly string[], covered: boolean): Built {
  const members = [...names.map((name) => `${propertyKey(name)}?: never`), ...(covered ? [] : ["[k: string]: unknown"])];
  return { schema: { tsType: `{\n${members.join("\n")}\n}` }, kinds: Kind.object };
}

/** A union of literal types in TypeScript syntax (`never` when empty); JSON text is a TypeScript literal type. */
function literalType(values: readonly JsonValue[]): string {
  return values.length ? values.map((v) => JSON.stringify(v)).join(" | ") : "never";
}

/** A property name as TypeScript accepts it: bare when it is an identifier, quoted otherwise. */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `dependentRequired: {a: [b]}` as `{a: A; b: B} | {a?: never}`, `A` and `B` the fields' declared types. */
function dependentRequiredUnions(node: SchemaObject, typeOf: (name: string) => Json2tsSchema): Json2tsSchema[] {
  const dependent = node.dependentRequired;
  if (!isObject(dependent)) return [];
  const unions: Json2tsSchema[] = [];
  for (const trigger of Object.keys(dependent)) {
    const needs = stringList(dependent, trigger).filter((n) => n !== trigger);
    if (!needs.length) continue;
    unions.push({ anyOf: [closedObject(trigger, withoutDoc(typeOf(trigger)), false, needs, typeOf), closedObject(trigger, { tsType: "never" }, true, [], typeOf)] });
  }
  return unions;
}

/**
 * The type of an index signature every field must also satisfy: the union of their types, or of
 * their kinds when one of them is more than a simple type (TypeScript can find an intersection
 * such as `{ b?: number; [k: string]: unknown } & { b: unknown }` not assignable to a union
 * holding a copy of itself, and the module would not compile).
 */
function indexType(members: Built[]): Built {
  const all = union(members);
  if (members.every((m) => simpleTypeText(m.schema) !== undefined)) return all;
  return kindSchema(all.kinds);
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
