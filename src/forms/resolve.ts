// `resolveSchema`: the local equivalent of `GET …/applications/{id}/schema?resolved=true`. Each
// `if` the data decides is replaced by the branch that applies; each `if` waiting for an answer
// stays; sections and fields that are certainly hidden are dropped; `"x-resolved": true` marks it.
// Only places with one instance are resolved: the root, sections and their nested objects. Array
// items (one schema, many entities that can decide differently) and shared `$defs` are kept as
// they are, and a `$ref` at a resolved place is inlined so its conditions can be resolved there.
import { InvalidRequestError } from "../errors.js";
import { resolveRef } from "../sections/json-pointer.js";
import { asSchema, isObject, type JsonSchema, type SchemaObject, setOwn } from "../sections/schema-node.js";
import { answerOf, contextOf, evaluate, type Scope } from "./conditions.js";
import { buildModel, dataOf } from "./describe.js";
import type { FormField, FormOptions } from "./model.js";

/**
 * The application schema resolved against the answers so far: what certainly does not apply is
 * dropped, undecided branches are kept. The input is not changed.
 * @throws InvalidRequestError when `schema` is not an application schema or `data` not an object
 */
export function resolveSchema(schema: unknown, data: unknown, options: FormOptions = {}): SchemaObject {
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new InvalidRequestError("schema", "a JSON Schema object whose `properties` are the sections");
  }
  const answers = dataOf(data);
  const scope: Scope = { root: schema, context: contextOf(options.context) };
  const resolved = resolveAt(scope, schema, answers, [], new Set()) as Record<string, unknown>;
  // Hidden is decided on the full schema, where the conditions that hide are still present.
  const model = buildModel(schema, answers, options);
  for (const section of model.sections) {
    if (section.visibility === "hidden") dropDeclaration(resolved, section.name);
    else if (section.kind === "object") {
      for (const node of declarationsOf(resolved, section.name)) dropHidden(node, section.fields);
    }
  }
  resolved["x-resolved"] = true;
  return resolved;
}

/** A copy of `node` (which applies to `value` at `path`) with the conditions the value decides resolved. */
function resolveAt(scope: Scope, node: JsonSchema, value: unknown, path: readonly string[], refs: ReadonlySet<string>): JsonSchema {
  if (typeof node === "boolean") return node;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) setOwn(copy, key, node[key]);
  const here = (child: unknown): unknown => {
    const schema = asSchema(child);
    return schema === undefined ? child : resolveAt(scope, schema, value, path, refs);
  };
  const applied: unknown[] = Array.isArray(node.allOf) ? node.allOf.map(here) : [];
  if (isObject(node.properties)) {
    const properties: Record<string, unknown> = {};
    for (const key of Object.keys(node.properties)) {
      const child = asSchema(node.properties[key]);
      const answer = answerOf(scope, value, key, [...path, key]);
      setOwn(properties, key, child === undefined ? node.properties[key] : resolveAt(scope, child, answer, [...path, key], refs));
    }
    copy.properties = properties;
  }
  if (typeof node.$ref === "string" && !refs.has(node.$ref)) {
    const target = resolveRef(scope.root, node.$ref, node);
    if (target) {
      delete copy.$ref;
      applied.push(resolveAt(scope, target.schema, value, path, new Set([...refs, node.$ref])));
    }
  }
  const condition = asSchema(node.if);
  if (condition !== undefined) {
    const verdict = evaluate(scope, condition, value, path);
    if (verdict.truth === "unknown") {
      if (node.then !== undefined) copy.then = here(node.then);
      if (node.else !== undefined) copy.else = here(node.else);
    } else {
      const branch = verdict.truth ? node.then : node.else;
      delete copy.if;
      delete copy.then;
      delete copy.else;
      if (branch !== undefined) applied.push(here(branch));
    }
  }
  if (isObject(node.dependentSchemas)) {
    const dependent: Record<string, unknown> = {};
    for (const key of Object.keys(node.dependentSchemas)) setOwn(dependent, key, here(node.dependentSchemas[key]));
    copy.dependentSchemas = dependent;
  }
  const members = applied.flatMap(flatten);
  if (members.length) copy.allOf = members;
  else delete copy.allOf;
  return copy;
}

/** An `allOf` member as the members it stands for: none for `{}` (a resolved-away `if`), its own members for a bare `allOf`. */
function flatten(member: unknown): unknown[] {
  if (!isObject(member)) return [member];
  const keys = Object.keys(member);
  if (keys.length === 0) return [];
  return keys.length === 1 && keys[0] === "allOf" && Array.isArray(member.allOf) ? member.allOf : [member];
}

/** The schema objects at one place that can declare its properties: the node and its `allOf` members, recursively. */
function inPlaceNodes(node: unknown): Record<string, unknown>[] {
  if (!isObject(node)) return [];
  return [node, ...(Array.isArray(node.allOf) ? node.allOf.flatMap(inPlaceNodes) : [])];
}

/** The declarations of one property at one place (each a schema object, already a copy). */
function declarationsOf(node: unknown, name: string): Record<string, unknown>[] {
  return inPlaceNodes(node).flatMap((n) => {
    const declared = isObject(n.properties) && Object.hasOwn(n.properties, name) ? n.properties[name] : undefined;
    return inPlaceNodes(declared);
  });
}

/** Removes the property's declarations and requirements at this place. */
function dropDeclaration(node: unknown, name: string): void {
  for (const n of inPlaceNodes(node)) {
    if (isObject(n.properties) && Object.hasOwn(n.properties, name)) delete n.properties[name];
    if (Array.isArray(n.required)) n.required = n.required.filter((r) => r !== name);
  }
}

/** Drops the hidden fields of an object, and recurses into the groups that stay. */
function dropHidden(node: unknown, fields: readonly FormField[]): void {
  for (const field of fields) {
    if (field.visibility === "hidden") dropDeclaration(node, field.name);
    else if (field.fields) for (const child of declarationsOf(node, field.name)) dropHidden(child, field.fields);
  }
}
