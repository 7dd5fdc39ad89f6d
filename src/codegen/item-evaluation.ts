// Which array items the in-place subschemas of a schema evaluate, for `unevaluatedItems`: a prefix
// (`prefixItems`), every item (`items`), or the items a `contains` matches. An item past every
// prefix that no `contains` matched is left to `unevaluatedItems`.
import { resolveRef } from "../sections/json-pointer.js";
import { asSchema, type JsonSchema, type SchemaObject, schemaList, schemaMap } from "../sections/schema-node.js";

/** How many leading items a schema evaluates: a count, or `"all"`. */
export type Evaluated = number | "all";

/** What the in-place subschemas of an array schema evaluate (see {@link ItemEvaluation.inPlace}). */
export interface InPlaceItems {
  /** The longest prefix any of them evaluates. */
  longest: number;
  /** Their `contains` schemas: an item past the prefix that one of them matched was evaluated. */
  contains: JsonSchema[];
}

/** One way the in-place applicators of an array schema can apply, with the prefix it then evaluates. */
export interface ItemBranch {
  /** The subschemas that hold in this branch (an `anyOf` member, `if` and `then`, ...). */
  schemas: JsonSchema[];
  evaluated: Evaluated;
}

const maxBranches = 16;

const larger = (a: Evaluated | undefined, b: Evaluated | undefined): Evaluated | undefined =>
  a === undefined || b === undefined ? undefined : a === "all" || b === "all" ? "all" : Math.max(a, b);

/** Item evaluation of the subschemas of one document. */
export class ItemEvaluation {
  /** @param root the whole document, for `$ref` resolution */
  constructor(private readonly root: JsonSchema) {}

  /**
   * The longest `prefixItems` among the in-place subschemas of an array schema, and their
   * `contains` schemas; `undefined` when one of them can evaluate any item past its prefix
   * (`items`, `unevaluatedItems`, a reference that does not resolve).
   */
  inPlace(node: SchemaObject): InPlaceItems | undefined {
    let longest = 0;
    let open = false;
    const contains: JsonSchema[] = [];
    const path = new Set<SchemaObject>();
    const walk = (n: JsonSchema): void => {
      if (typeof n === "boolean" || path.has(n)) return;
      path.add(n);
      longest = Math.max(longest, schemaList(n, "prefixItems").length);
      const extra = (k: string): boolean => n[k] !== undefined && n[k] !== false;
      if (n !== node && (extra("items") || extra("unevaluatedItems"))) open = true;
      const matched = asSchema(n.contains);
      if (matched !== undefined) contains.push(matched);
      if (n.$dynamicRef !== undefined) open = true;
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
    return open ? undefined : { longest, contains };
  }

  /**
   * The ways an array schema closed by `unevaluatedItems` can apply, when its `anyOf`, `oneOf`
   * and `if` decide how many items are evaluated: one branch per member (per `if` outcome), each
   * with the prefix evaluated when it holds. Prefixes nest, so when several members hold, the
   * branch of the one that evaluates most covers the instance. `undefined` when that is not all
   * (a `contains`, a nested applicator, no such keyword, more than a few branches).
   */
  branches(node: SchemaObject): ItemBranch[] | undefined {
    const unevaluated = node.unevaluatedItems;
    if (unevaluated === undefined || unevaluated === true || (node.items !== undefined && node.items !== false) || node.contains !== undefined) return undefined;
    if (node.anyOf === undefined && node.oneOf === undefined && node.if === undefined) return undefined;
    let always: Evaluated | undefined = schemaList(node, "prefixItems").length;
    for (const member of schemaList(node, "allOf")) always = larger(always, this.evaluatedBy(member, new Set()));
    if (typeof node.$ref === "string") always = larger(always, this.reference(node, new Set()));
    if (always === undefined) return undefined;
    let branches: ItemBranch[] = [{ schemas: [], evaluated: always }];
    const alternatives: ItemBranch[][] = [];
    for (const keyword of ["anyOf", "oneOf"]) {
      if (Array.isArray(node[keyword])) alternatives.push(schemaList(node, keyword).map((m) => ({ schemas: [m], evaluated: this.evaluatedBy(m, new Set()) as Evaluated })));
    }
    const ifSchema = asSchema(node.if);
    if (ifSchema !== undefined) {
      const then = asSchema(node.then);
      const otherwise = asSchema(node.else);
      const passing = [ifSchema, ...(then === undefined ? [] : [then])];
      alternatives.push([
        { schemas: passing, evaluated: passing.reduce<Evaluated | undefined>((acc, s) => larger(acc, this.evaluatedBy(s, new Set())), 0) as Evaluated },
        { schemas: otherwise === undefined ? [] : [otherwise], evaluated: (otherwise === undefined ? 0 : this.evaluatedBy(otherwise, new Set())) as Evaluated },
      ]);
    }
    for (const choices of alternatives) {
      if (choices.some((c) => c.evaluated === undefined)) return undefined;
      branches = branches.flatMap((b) => choices.map((c) => ({ schemas: [...b.schemas, ...c.schemas], evaluated: larger(b.evaluated, c.evaluated)! })));
      if (branches.length > maxBranches) return undefined;
    }
    return branches;
  }

  /** The prefix a schema evaluates when it holds, or `undefined` when that depends on more than prefixes. */
  private evaluatedBy(schema: JsonSchema, seen: Set<SchemaObject>): Evaluated | undefined {
    if (typeof schema === "boolean") return 0;
    if (seen.has(schema)) return undefined;
    seen.add(schema);
    const extra = (k: string): boolean => schema[k] !== undefined && schema[k] !== false;
    if (schema.contains !== undefined || schema.$dynamicRef !== undefined) return undefined;
    if (["anyOf", "oneOf", "if", "dependentSchemas"].some((k) => schema[k] !== undefined)) return undefined;
    if (extra("items") || extra("unevaluatedItems")) return "all";
    let evaluated: Evaluated | undefined = schemaList(schema, "prefixItems").length;
    for (const member of schemaList(schema, "allOf")) evaluated = larger(evaluated, this.evaluatedBy(member, seen));
    if (typeof schema.$ref === "string") evaluated = larger(evaluated, this.reference(schema, seen));
    return evaluated;
  }

  private reference(schema: SchemaObject, seen: Set<SchemaObject>): Evaluated | undefined {
    const target = resolveRef(this.root, String(schema.$ref), schema);
    return target ? this.evaluatedBy(target.schema, seen) : undefined;
  }
}
