// Conditional requirements (`if`/`then`/`else`, `dependentRequired`): finding them, telling which
// ones TypeScript can enforce, and describing the rest in words for JSDoc and drift reports.
import {
  annotationKeywords,
  asSchema,
  isObject,
  isVendorKeyword,
  type JsonSchema,
  type JsonValue,
  type SchemaObject,
  schemaList,
  schemaMap,
  stringList,
} from "../sections/schema-node.js";

/** One `if` with its branches, found on an object or among its `allOf` members. */
export interface Conditional {
  if: JsonSchema;
  then: JsonSchema | undefined;
  else: JsonSchema | undefined;
}

/** The conditionals applying to an object: its own `if` and those of its (nested) `allOf` members. */
export function conditionalsOf(node: SchemaObject): Conditional[] {
  const out: Conditional[] = [];
  const visit = (n: SchemaObject): void => {
    const ifSchema = asSchema(n.if);
    if (ifSchema !== undefined) out.push({ if: ifSchema, then: asSchema(n.then), else: asSchema(n.else) });
    for (const member of schemaList(n, "allOf")) if (isObject(member)) visit(member);
  };
  visit(node);
  return out;
}

/** The property names a branch makes required (its `required` and that of its `allOf` members). */
export function requiredBy(branch: JsonSchema | undefined): string[] {
  if (!isObject(branch)) return [];
  const names = [...stringList(branch, "required")];
  for (const member of schemaList(branch, "allOf")) names.push(...requiredBy(member));
  return [...new Set(names)];
}

/** An `if` that compares one field with literal values: the form a TypeScript union can express. */
export interface FieldTest {
  field: string;
  /** The values that make the `if` pass. */
  values: JsonValue[];
  /** Whether the `if` also requires the field (otherwise it passes when the field is absent). */
  fieldRequired: boolean;
}

const isAnnotation = (k: string): boolean => annotationKeywords.has(k) || isVendorKeyword(k);

/** The field test of an `if` (`const` or `enum` on one property), or `undefined` for any other form. */
export function fieldTestOf(ifSchema: JsonSchema): FieldTest | undefined {
  if (!isObject(ifSchema)) return undefined;
  if (!Object.keys(ifSchema).every((k) => k === "properties" || k === "required" || (k === "type" && ifSchema.type === "object") || isAnnotation(k))) {
    return undefined;
  }
  const properties = schemaMap(ifSchema, "properties");
  if (properties.length !== 1) return undefined;
  const [field, test] = properties[0]!;
  const required = stringList(ifSchema, "required");
  if (!isObject(test) || required.some((r) => r !== field)) return undefined;
  const keys = Object.keys(test).filter((k) => !isAnnotation(k) && k !== "type");
  let values: JsonValue[];
  if (keys.length === 1 && keys[0] === "const") values = [test.const as JsonValue];
  else if (keys.length === 1 && keys[0] === "enum" && Array.isArray(test.enum)) values = test.enum as JsonValue[];
  else return undefined;
  return { field, values, fieldRequired: required.includes(field) };
}

/** A JSON value as it reads in a sentence: strings quoted, the rest as JSON. */
export function literal(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function oneOf(values: unknown[]): string {
  return values.length === 1 ? literal(values[0]) : `one of ${values.map(literal).join(", ")}`;
}

/** What a value schema requires, as a phrase after the field name (`is "trust"`, `contains "custody"`). */
function describeValue(path: string, schema: JsonSchema): string {
  if (typeof schema === "boolean") return schema ? `${path} is present` : `${path} is absent`;
  const keys = Object.keys(schema).filter((k) => !isAnnotation(k));
  const only = (...allowed: string[]): boolean => keys.every((k) => allowed.includes(k));
  if (schema.const !== undefined && only("const", "type")) return `${path} is ${literal(schema.const)}`;
  if (Array.isArray(schema.enum) && only("enum", "type")) return `${path} is ${oneOf(schema.enum)}`;
  const not = asSchema(schema.not);
  if (not !== undefined && only("not", "type") && isObject(not)) {
    if (not.const !== undefined) return `${path} is not ${literal(not.const)}`;
    if (Array.isArray(not.enum)) return `${path} is not ${oneOf(not.enum)}`;
  }
  const contains = asSchema(schema.contains);
  if (contains !== undefined && only("contains", "type") && isObject(contains)) {
    if (contains.const !== undefined) return `${path} contains ${literal(contains.const)}`;
    if (Array.isArray(contains.enum)) return `${path} contains ${oneOf(contains.enum)}`;
  }
  if (schema.properties !== undefined && only("properties", "required", "type")) {
    return describeCondition(schema, `${path}.`);
  }
  return `${path} matches ${JSON.stringify(schema)}`;
}

/**
 * An `if` schema in words: `natureOfBusiness is "cryptoExchange"`,
 * `basicBusinessInfo.beneficialOwnersExist is true`, `services contains "custody"`.
 * `prefix` is the dot path of the object the schema applies to.
 */
export function describeCondition(schema: JsonSchema, prefix = ""): string {
  if (typeof schema === "boolean") return schema ? "always" : "never";
  const keys = Object.keys(schema).filter((k) => !isAnnotation(k) && !(k === "type" && schema.type === "object"));
  const not = asSchema(schema.not);
  if (keys.length === 1 && not !== undefined) {
    const inner = describeCondition(not, prefix);
    return inner.includes(" and ") || inner.includes(" or ") ? `not (${inner})` : negate(inner);
  }
  if (!keys.every((k) => k === "properties" || k === "required" || k === "allOf" || k === "anyOf")) {
    return `${prefix || "the value"} matches ${JSON.stringify(schema)}`;
  }
  const required = new Set(stringList(schema, "required"));
  const parts: string[] = [];
  for (const [field, test] of schemaMap(schema, "properties")) {
    const phrase = describeValue(prefix + field, test);
    parts.push(required.has(field) || phrase.endsWith(" is present") ? phrase : `${phrase} (or absent)`);
  }
  for (const field of required) if (!schemaMap(schema, "properties").some(([f]) => f === field)) parts.push(`${prefix}${field} is present`);
  for (const member of schemaList(schema, "allOf")) parts.push(describeCondition(member, prefix));
  const anyOf = schemaList(schema, "anyOf").map((m) => describeCondition(m, prefix));
  if (anyOf.length) parts.push(anyOf.length === 1 ? anyOf[0]! : `(${anyOf.join(" or ")})`);
  return parts.length ? parts.join(" and ") : "always";
}

/** The negation of a single-clause description (`x is "a"` → `x is not "a" (or absent)`). */
function negate(phrase: string): string {
  if (phrase.endsWith(" is present")) return `${phrase.slice(0, -" is present".length)} is absent`;
  if (phrase.endsWith(" is absent")) return `${phrase.slice(0, -" is absent".length)} is present`;
  // A clause that held when the field was absent fails only when it is present, and vice versa.
  const absentPassed = phrase.endsWith(" (or absent)");
  const core = absentPassed ? phrase.slice(0, -" (or absent)".length) : phrase;
  const swapped = core.includes(" is not ")
    ? core.replace(" is not ", " is ")
    : core.includes(" is ")
      ? core.replace(" is ", " is not ")
      : core.includes(" contains ")
        ? core.replace(" contains ", " does not contain ")
        : undefined;
  if (swapped === undefined) return `not (${phrase})`;
  return absentPassed ? `${swapped} (and present)` : `${swapped} (or absent)`;
}

/** Why each field may become required: field name → conditions in words, from `if`s and `dependentRequired`. */
export function requirementConditions(node: SchemaObject, prefix = ""): Map<string, string[]> {
  const reasons = new Map<string, string[]>();
  const add = (field: string, reason: string): void => {
    const list = reasons.get(field) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(field, list);
  };
  for (const c of conditionalsOf(node)) {
    const when = describeCondition(c.if, prefix);
    for (const field of requiredBy(c.then)) add(field, when);
    if (c.else !== undefined) {
      const otherwise = describeCondition({ not: c.if }, prefix);
      for (const field of requiredBy(c.else)) add(field, otherwise);
    }
  }
  const dependent = node.dependentRequired;
  if (isObject(dependent)) {
    for (const trigger of Object.keys(dependent)) {
      for (const field of stringList(dependent, trigger)) add(field, `${prefix}${trigger} is present`);
    }
  }
  return reasons;
}
