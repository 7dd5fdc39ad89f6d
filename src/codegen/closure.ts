// Which property names an object schema lets through, when TypeScript can list them: closed by
// `additionalProperties: false`, by `unevaluatedProperties: false` over what its in-place
// subschemas declare, by a finite `propertyNames`, by `maxProperties: 0`, or by a closed in-place
// subschema (an `allOf` member closes the whole object, every member of an `anyOf` together).
import { resolveRef } from "../sections/json-pointer.js";
import { asSchema, isObject, type JsonSchema, type SchemaObject, schemaList, schemaMap, stringList } from "../sections/schema-node.js";
import { intersectNames, type KeyTemplate, keyTemplate, literalName, type NameSet, namesOnly, unionNames } from "./property-names.js";

/** One declaration of a property by an in-place subschema, with the conditional subschemas (`then`, `else`, `dependentSchemas` values, `oneOf` members) it lies under. */
export interface Declaration {
  schema: JsonSchema;
  under: readonly SchemaObject[];
}

/** What the in-place subschemas of an object declare (see {@link Closures.inPlaceDeclarations}). */
export interface InPlaceDeclarations {
  names: Map<string, Declaration[]>;
  /** Pattern properties they declare whose names a template can list. */
  templates: { template: KeyTemplate; declaration: Declaration }[];
  /** Names they require (`required`), with the conditional subschemas each lies under. */
  required: Map<string, (readonly SchemaObject[])[]>;
  /** True when some of them may evaluate names that cannot be listed. */
  open: boolean;
  /** The conditional subschemas each such opening lies under (empty: it always applies). */
  openUnder: (readonly SchemaObject[])[];
}

/** The closures of the subschemas of one document, cached. */
export class Closures {
  private readonly own = new WeakMap<SchemaObject, NameSet | null>();
  private readonly whole = new WeakMap<SchemaObject, NameSet | null>();
  private readonly active = new Set<SchemaObject>();

  /**
   * @param root the whole document, for `$ref` resolution
   * @param literalNames the finite list of strings a schema accepts (`propertyNames`), or `undefined`
   */
  constructor(
    private readonly root: JsonSchema,
    private readonly literalNames: (schema: JsonSchema) => string[] | undefined,
  ) {}

  /**
   * The names the object's own keywords let through: `additionalProperties: false` (its
   * properties and pattern templates), `unevaluatedProperties: false` (those of its in-place
   * subschemas too), a finite `propertyNames`, `maxProperties: 0`; `undefined` when open.
   */
  ownClosure(node: SchemaObject): NameSet | undefined {
    const cached = this.own.get(node);
    if (cached !== undefined) return cached ?? undefined;
    let set: NameSet | undefined;
    const names = node.propertyNames === undefined ? undefined : this.literalNames(asSchema(node.propertyNames) ?? true);
    if (names) set = namesOnly(names);
    if (node.maxProperties === 0) set = namesOnly([]);
    const ownNames = schemaMap(node, "properties").map(([name]) => name);
    const patterns = patternNames(node);
    if (node.additionalProperties === false && patterns) {
      set = intersectNames(set, { names: new Set([...ownNames, ...patterns.names]), templates: patterns.templates });
    }
    if (node.unevaluatedProperties === false && node.additionalProperties === undefined && patterns) {
      const inPlace = this.inPlaceDeclarations(node);
      if (!inPlace.open) {
        const templates = [...patterns.templates, ...inPlace.templates.map((t) => t.template)];
        set = intersectNames(set, { names: new Set([...ownNames, ...patterns.names, ...inPlace.names.keys()]), templates });
      }
    }
    this.own.set(node, set ?? null);
    return set;
  }

  /**
   * The names any instance of the schema may hold: its own closure, narrowed by the closures of
   * the subschemas that always apply (`allOf`, `$ref`) and by the union of those of `anyOf`,
   * `oneOf` members and of `then`/`else`; `undefined` when any name may appear.
   */
  closureOf(schema: JsonSchema): NameSet | undefined {
    if (schema === false) return namesOnly([]);
    if (!isObject(schema) || this.active.has(schema)) return undefined;
    const cached = this.whole.get(schema);
    if (cached !== undefined) return cached ?? undefined;
    this.active.add(schema);
    let set = this.ownClosure(schema);
    for (const member of schemaList(schema, "allOf")) set = intersectNames(set, this.closureOf(member));
    if (typeof schema.$ref === "string") {
      const target = resolveRef(this.root, schema.$ref, schema);
      if (target) set = intersectNames(set, this.closureOf(target.schema));
    }
    for (const keyword of ["anyOf", "oneOf"]) {
      const members = schemaList(schema, keyword);
      if (members.length) set = intersectNames(set, unionNames(members.map((m) => this.closureOf(m))));
    }
    const ifSchema = asSchema(schema.if);
    if (ifSchema !== undefined) {
      const then = this.closureOf(asSchema(schema.then) ?? true);
      const otherwise = this.closureOf(asSchema(schema.else) ?? true);
      set = intersectNames(set, ifSchema === true ? then : ifSchema === false ? otherwise : unionNames([then, otherwise]));
    }
    this.active.delete(schema);
    this.whole.set(schema, set ?? null);
    return set;
  }

  /**
   * The properties the in-place subschemas of an object (`allOf`, `anyOf`, `oneOf`, `if`, `then`,
   * `else`, `dependentSchemas`, `$ref`, nested) declare, each with the conditional subschemas it
   * was found under; `open` when some of them can evaluate names that cannot be listed
   * (`additionalProperties`, a pattern no template states, a reference that does not resolve).
   */
  inPlaceDeclarations(node: SchemaObject): InPlaceDeclarations {
    const names = new Map<string, Declaration[]>();
    const templates: InPlaceDeclarations["templates"] = [];
    const required = new Map<string, (readonly SchemaObject[])[]>();
    const openUnder: (readonly SchemaObject[])[] = [];
    const path = new Set<SchemaObject>();
    const walk = (n: JsonSchema, under: readonly SchemaObject[]): void => {
      if (typeof n === "boolean" || path.has(n)) return;
      path.add(n);
      if (n !== node) {
        for (const [name, schema] of schemaMap(n, "properties")) names.set(name, [...(names.get(name) ?? []), { schema, under }]);
        for (const name of stringList(n, "required")) required.set(name, [...(required.get(name) ?? []), under]);
        for (const [pattern, schema] of schemaMap(n, "patternProperties")) {
          const name = literalName(pattern);
          const template = name === undefined ? keyTemplate(pattern) : undefined;
          if (name !== undefined) names.set(name, [...(names.get(name) ?? []), { schema, under }]);
          else if (template) templates.push({ template, declaration: { schema, under } });
          else openUnder.push(under);
        }
        const extra = (k: string): boolean => n[k] !== undefined && n[k] !== false;
        if (extra("additionalProperties") || extra("unevaluatedProperties")) openUnder.push(under);
      }
      // A dynamic reference resolves at validation time: what it evaluates is not known here.
      if (n.$dynamicRef !== undefined) openUnder.push(under);
      for (const keyword of ["allOf", "anyOf"]) for (const member of schemaList(n, keyword)) walk(member, under);
      // A `oneOf` member is a condition too: only one of them applies.
      for (const member of schemaList(n, "oneOf")) walk(member, isObject(member) ? [...under, member] : under);
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
        else openUnder.push(under);
      }
      path.delete(n);
    };
    walk(node, []);
    return { names, templates, required, open: openUnder.length > 0, openUnder };
  }
}

/** The names and templates of an object's own `patternProperties`; `undefined` when one has neither. */
export function patternNames(node: SchemaObject): { names: string[]; templates: KeyTemplate[] } | undefined {
  const names: string[] = [];
  const templates: KeyTemplate[] = [];
  for (const [pattern] of schemaMap(node, "patternProperties")) {
    const name = literalName(pattern);
    const template = name === undefined ? keyTemplate(pattern) : undefined;
    if (name !== undefined) names.push(name);
    else if (template) templates.push(template);
    else return undefined;
  }
  return { names, templates };
}
