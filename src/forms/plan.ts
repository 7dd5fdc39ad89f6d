// The static shape of an object schema, for forms: every property it can have, where each is
// declared and where it is required, and under which conditions (`if`/`then`/`else`,
// `dependentSchemas`, `dependentRequired`, through `allOf` and `$ref`). Computed once per schema
// node; answers only change which conditions hold.
import { resolveRef } from "../sections/json-pointer.js";
import { asSchema, isObject, type JsonSchema, type SchemaObject, schemaList, schemaMap, stringList } from "../sections/schema-node.js";

/** One condition on the path to a declaration or requirement. */
export type Literal =
  /** The `if` schema holds (`then`) or does not (`else`). */
  | { readonly kind: "if"; readonly schema: JsonSchema; readonly expect: boolean }
  /** The named field is present (`dependentSchemas`, `dependentRequired`). */
  | { readonly kind: "present"; readonly name: string };

/** Conditions that must all hold; empty when unconditional. */
export type Gate = readonly Literal[];

/** Where a property is declared: its schema, under a gate. */
export interface Declaration {
  readonly schema: JsonSchema;
  readonly gate: Gate;
}

/** Everything the object schema says about one property. */
export interface Member {
  readonly name: string;
  readonly declarations: readonly Declaration[];
  /** One gate per place that requires it; an empty gate is an unconditional requirement. */
  readonly requirements: readonly Gate[];
}

/** The properties of an object schema, in the order the schema first mentions them. */
export interface ObjectPlan {
  readonly members: readonly Member[];
  readonly byName: ReadonlyMap<string, Member>;
}

const plans = new WeakMap<object, ObjectPlan>();

/** The plan of an object schema node (cached: schemas are read-only once loaded). */
export function objectPlan(root: JsonSchema, node: JsonSchema): ObjectPlan {
  if (typeof node === "boolean") return build(root, [node]);
  let plan = plans.get(node);
  if (!plan) plans.set(node, (plan = build(root, [node])));
  return plan;
}

/** The plan of several schemas that all apply to one object (a property declared in more than one place). */
export function mergedPlan(root: JsonSchema, nodes: readonly JsonSchema[]): ObjectPlan {
  if (nodes.length === 1) return objectPlan(root, nodes[0]!);
  const byName = new Map<string, { name: string; declarations: Declaration[]; requirements: Gate[] }>();
  for (const node of nodes) {
    for (const m of objectPlan(root, node).members) {
      const into = byName.get(m.name) ?? { name: m.name, declarations: [], requirements: [] };
      into.declarations.push(...m.declarations);
      into.requirements.push(...m.requirements);
      byName.set(m.name, into);
    }
  }
  return { members: [...byName.values()], byName };
}

function build(root: JsonSchema, nodes: readonly JsonSchema[]): ObjectPlan {
  const byName = new Map<string, { name: string; declarations: Declaration[]; requirements: Gate[] }>();
  const member = (name: string) => {
    let m = byName.get(name);
    if (!m) byName.set(name, (m = { name, declarations: [], requirements: [] }));
    return m;
  };
  const onPath = new Set<object>();
  // `choice`: inside `anyOf`/`oneOf`, where the user picks a branch, so nothing there is required by the data.
  const walk = (node: JsonSchema, gate: Gate, choice: boolean): void => {
    if (!isObject(node) || onPath.has(node)) return;
    onPath.add(node);
    for (const [name, schema] of schemaMap(node, "properties")) member(name).declarations.push({ schema, gate });
    if (!choice) for (const name of stringList(node, "required")) member(name).requirements.push(gate);
    if (typeof node.$ref === "string") {
      const target = resolveRef(root, node.$ref, node);
      if (target) walk(target.schema, gate, choice);
    }
    for (const member of schemaList(node, "allOf")) walk(member, gate, choice);
    for (const keyword of ["anyOf", "oneOf"]) for (const branch of schemaList(node, keyword)) walk(branch, gate, true);
    const condition = asSchema(node.if);
    if (condition !== undefined) {
      const then = asSchema(node.then);
      const otherwise = asSchema(node.else);
      if (then !== undefined) walk(then, [...gate, { kind: "if", schema: condition, expect: true }], choice);
      if (otherwise !== undefined) walk(otherwise, [...gate, { kind: "if", schema: condition, expect: false }], choice);
    }
    for (const [trigger, schema] of schemaMap(node, "dependentSchemas")) walk(schema, [...gate, { kind: "present", name: trigger }], choice);
    const dependent = node.dependentRequired;
    if (isObject(dependent) && !choice) {
      for (const trigger of Object.keys(dependent)) {
        for (const name of stringList(dependent, trigger)) member(name).requirements.push([...gate, { kind: "present", name: trigger }]);
      }
    }
    onPath.delete(node);
  };
  for (const node of nodes) walk(node, [], false);
  return { members: [...byName.values()], byName };
}

/** The schema nodes that make up a property's schema in place: itself, its `$ref` targets and `allOf` members (not conditional branches). */
export function inPlace(root: JsonSchema, node: JsonSchema): SchemaObject[] {
  const out: SchemaObject[] = [];
  const seen = new Set<object>();
  const visit = (n: JsonSchema): void => {
    if (!isObject(n) || seen.has(n)) return;
    seen.add(n);
    out.push(n);
    if (typeof n.$ref === "string") {
      const target = resolveRef(root, n.$ref, n);
      if (target) visit(target.schema);
    }
    for (const member of schemaList(n, "allOf")) visit(member);
  };
  visit(node);
  return out;
}
