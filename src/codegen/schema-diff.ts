// Drift between the committed schema snapshot and a new one, field by field, each change marked
// breaking or not from the point of view of a client sending payloads: what it sends today may
// be rejected tomorrow (breaking), or it merely has new options (not breaking).
import { resolveRef } from "../sections/json-pointer.js";
import {
  asSchema,
  isObject,
  jsonEqual,
  type JsonSchema,
  type JsonValue,
  type SchemaObject,
  schemaList,
  schemaMap,
  stringList,
} from "../sections/schema-node.js";
import { literal, requirementConditions } from "./conditions.js";

/** One difference between two schemas. */
export interface SchemaChange {
  /** Section or field path: `basicBusinessInfo.legalName`, `beneficial_owners[].firstName`. */
  path: string;
  /** True when payloads valid before may be rejected now. */
  breaking: boolean;
  /** One line, without the path. */
  message: string;
}

/** What matters about one section or field. */
interface FieldInfo {
  types: string[];
  values: JsonValue[] | undefined;
  /** `always`, `optional`, or the conditions (in words) under which it becomes required. */
  required: "always" | "optional" | string[];
  constraints: Record<string, unknown>;
  /** For objects: true when unknown fields are rejected. */
  closed: boolean;
  /** The object holding this field rejects unknown fields (so sending a removed field fails). */
  parentClosed: boolean;
  /** The path of the object or array holding this field; `undefined` for a section. */
  parent: string | undefined;
}

const lowerBounds = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"] as const;
const upperBounds = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const;
const exactConstraints = ["pattern", "format", "multipleOf", "uniqueItems"] as const;

/** The changes from `before` to `after`, sections first, in path order. */
export function diffSchemas(before: unknown, after: unknown): SchemaChange[] {
  const old = flatten(asSchema(before) ?? {});
  const now = flatten(asSchema(after) ?? {});
  const changes: SchemaChange[] = [];
  // The fields of an added or removed section or object come and go with it: it says enough.
  const wholesale: string[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (wholesale.some((w) => path.startsWith(`${w}.`) || path.startsWith(`${w}[]`))) continue;
    if (!a || !b) wholesale.push(path);
    const isSection = !path.includes(".") && !path.includes("[]");
    const what = isSection ? "section" : "field";
    if (!a && b) {
      const required = b.required !== "optional";
      changes.push({ path, breaking: required, message: `new ${required ? "required" : "optional"} ${what}${requiredText(b.required)}` });
    } else if (a && !b) {
      // Sending the field still passes if its object now accepts unknown fields.
      const parent = a.parent === undefined ? undefined : now.get(a.parent);
      changes.push({ path, breaking: isSection || (parent ? parent.closed : a.parentClosed), message: `${what} removed` });
    } else if (a && b) {
      changes.push(...compareField(path, a, b));
    }
  }
  return changes;
}

function requiredText(required: FieldInfo["required"]): string {
  return Array.isArray(required) ? ` (required when ${required.join("; or when ")})` : "";
}

function compareField(path: string, a: FieldInfo, b: FieldInfo): SchemaChange[] {
  const out: SchemaChange[] = [];
  const add = (breaking: boolean, message: string): void => {
    out.push({ path, breaking, message });
  };
  if (a.types.join() !== b.types.join()) {
    // Widening (every old type still allowed, or no type restriction left) keeps old payloads valid.
    const stillAllowed = (t: string): boolean => b.types.includes(t) || (t === "integer" && b.types.includes("number"));
    const breaking = b.types.length > 0 && (a.types.length === 0 || !a.types.every(stillAllowed));
    add(breaking, `type ${a.types.join(" | ") || "any"} → ${b.types.join(" | ") || "any"}`);
  }
  if (a.values || b.values) {
    if (!a.values) add(true, `now limited to ${b.values!.map(literal).join(", ")}`);
    else if (!b.values) add(false, "no longer limited to a list of values");
    else {
      const removed = a.values.filter((v) => !b.values!.some((w) => jsonEqual(v, w)));
      const added = b.values.filter((v) => !a.values!.some((w) => jsonEqual(v, w)));
      if (removed.length) add(true, `value${removed.length > 1 ? "s" : ""} ${removed.map(literal).join(", ")} no longer allowed`);
      if (added.length) add(false, `new allowed value${added.length > 1 ? "s" : ""} ${added.map(literal).join(", ")}`);
    }
  }
  const requiredA = JSON.stringify(a.required);
  const requiredB = JSON.stringify(b.required);
  if (requiredA !== requiredB) {
    const describe = (r: FieldInfo["required"]): string => (Array.isArray(r) ? `required when ${r.join("; or when ")}` : r === "always" ? "required" : "optional");
    const looser =
      b.required === "optional" || (Array.isArray(b.required) && a.required === "always") || (Array.isArray(a.required) && Array.isArray(b.required) && b.required.every((c) => a.required.includes(c)));
    add(!looser, `${describe(a.required)} → ${describe(b.required)}`);
  }
  for (const key of lowerBounds) compareBound(key, a.constraints[key], b.constraints[key], (x, y) => y > x, add);
  for (const key of upperBounds) compareBound(key, a.constraints[key], b.constraints[key], (x, y) => y < x, add);
  for (const key of exactConstraints) {
    const x = a.constraints[key];
    const y = b.constraints[key];
    if (!jsonEqual(x, y)) add(y !== undefined && y !== false, x === undefined ? `new ${key} ${literal(y)}` : y === undefined ? `${key} ${literal(x)} removed` : `${key} ${literal(x)} → ${literal(y)}`);
  }
  if (a.closed !== b.closed) add(b.closed, b.closed ? "now rejects unknown fields" : "now accepts unknown fields");
  return out;
}

/** A numeric bound: adding one or moving it inwards is breaking. */
function compareBound(key: string, x: unknown, y: unknown, tighter: (x: number, y: number) => boolean, add: (breaking: boolean, message: string) => void): void {
  if (x === y) return;
  if (typeof y !== "number") add(false, `${key} ${String(x)} removed`);
  else if (typeof x !== "number") add(true, `new ${key} ${y}`);
  else add(tighter(x, y), `${key} ${x} → ${y}`);
}

/** Every section and field of an application schema by path. */
function flatten(root: JsonSchema): Map<string, FieldInfo> {
  const fields = new Map<string, FieldInfo>();
  if (!isObject(root)) return fields;
  const topRequired = new Set(stringList(root, "required"));
  const topConditions = requirementConditions(root);
  const rootClosed = root.additionalProperties === false;
  const visit = (node: JsonSchema, path: string, parent: string | undefined, required: FieldInfo["required"], parentClosed: boolean, stack: Set<SchemaObject>): void => {
    const resolved = deref(root, node);
    if (isObject(resolved) && stack.has(resolved)) return;
    const object = objectView(root, resolved);
    const info: FieldInfo = {
      types: typesOf(resolved),
      values: valuesOf(resolved),
      required,
      constraints: isObject(resolved) ? Object.fromEntries([...lowerBounds, ...upperBounds, ...exactConstraints].filter((k) => resolved[k] !== undefined).map((k) => [k, resolved[k]])) : {},
      closed: object?.closed ?? false,
      parentClosed,
      parent,
    };
    fields.set(path, info);
    if (!isObject(resolved)) return;
    const inner = new Set(stack).add(resolved);
    if (object) {
      const conditions = requirementConditions(object.node);
      for (const [name, child] of object.properties) {
        const always = object.required.has(name);
        const when = conditions.get(name);
        visit(child, `${path}.${name}`, path, always ? "always" : when ? when : "optional", object.closed, inner);
      }
    }
    const items = asSchema(resolved.items);
    if (resolved.type === "array" && items !== undefined) visit(items, `${path}[]`, path, "optional", false, inner);
  };
  for (const [name, section] of schemaMap(root, "properties")) {
    const when = topConditions.get(name);
    visit(section, name, undefined, topRequired.has(name) ? "always" : when ? when : "optional", rootClosed, new Set());
  }
  return fields;
}

/** Follows `$ref`s of a schema that is only a reference. */
function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === "string"; hops++) {
    const target = resolveRef(root, current.$ref, current);
    if (!target) break;
    current = target.schema;
  }
  return current;
}

/** An object schema's fields, including those its `allOf` members and `then`/`else` branches add. */
function objectView(root: JsonSchema, node: JsonSchema): { node: SchemaObject; properties: [string, JsonSchema][]; required: Set<string>; closed: boolean } | undefined {
  if (!isObject(node)) return undefined;
  const properties = new Map<string, JsonSchema>();
  const required = new Set<string>();
  const collect = (n: SchemaObject, unconditional: boolean, depth: number): void => {
    if (depth > 8) return;
    for (const [name, child] of schemaMap(n, "properties")) if (!properties.has(name)) properties.set(name, child);
    if (unconditional) for (const name of stringList(n, "required")) required.add(name);
    for (const member of schemaList(n, "allOf")) {
      const m = deref(root, member);
      if (isObject(m)) collect(m, unconditional, depth + 1);
    }
    for (const branch of ["then", "else"]) {
      const b = asSchema(n[branch]);
      if (isObject(b)) collect(b, false, depth + 1);
    }
  };
  collect(node, true, 0);
  if (!properties.size && node.type !== "object") return undefined;
  return { node, properties: [...properties], required, closed: node.additionalProperties === false || node.unevaluatedProperties === false };
}

function typesOf(node: JsonSchema): string[] {
  if (!isObject(node)) return [];
  const type = node.type;
  const names = typeof type === "string" ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [];
  return [...new Set(names)].sort();
}

function valuesOf(node: JsonSchema): JsonValue[] | undefined {
  if (!isObject(node)) return undefined;
  if (node.const !== undefined) return [node.const as JsonValue];
  return Array.isArray(node.enum) ? (node.enum as JsonValue[]) : undefined;
}
