// Builds a plausible payload from a JSON Schema: every required field (and `if/then`
// requirements that the chosen values trigger) filled with the first value the schema allows.
// `npm start` uses it so the same lifecycle runs on the mock's schema and on a live one.

import { localTarget } from "../../src/sections/json-pointer.js";

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** Resolves a local `$ref` against the root schema. */
function resolve(root: Schema, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string" && hops < 16; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) return current;
    const target = localTarget(root, ref);
    if (!isSchema(target)) return current;
    const { $ref: _, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

const samples: Record<string, string> = {
  uuid: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  date: "2020-01-15",
  "date-time": "2020-01-15T10:00:00Z",
  email: "compliance@example.com",
  uri: "https://example.com",
  ipv4: "203.0.113.7",
};

/** A value the schema accepts, as simple as possible. */
export function sample(root: Schema, schemaIn: unknown, depth = 0): unknown {
  if (!isSchema(schemaIn) || depth > 12) return undefined;
  const schema = resolve(root, schemaIn);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const branch = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (!type && Array.isArray(branch) && branch.length) return sample(root, branch[0], depth + 1);
  switch (type ?? (schema.properties ? "object" : schema.items ? "array" : "string")) {
    case "object":
      return sampleObject(root, schema, depth);
    case "array": {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: Math.min(count, Number(schema.maxItems ?? count)) }, () => sample(root, schema.items, depth + 1));
    }
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
      const max = typeof schema.maximum === "number" ? schema.maximum : undefined;
      const value = min ?? (max === undefined ? 1 : Math.min(max, 1));
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "boolean":
      return true;
    default: {
      const format = typeof schema.format === "string" ? samples[schema.format] : undefined;
      if (format) return format;
      const min = Number(schema.minLength ?? 1);
      const text = "Sample".padEnd(min, "x");
      return typeof schema.maxLength === "number" ? text.slice(0, schema.maxLength) : text;
    }
  }
}

function sampleObject(root: Schema, schema: Schema, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  const fill = (names: unknown) => {
    for (const name of Array.isArray(names) ? names : []) {
      if (typeof name === "string" && out[name] === undefined && name !== "refId") out[name] = sample(root, properties[name], depth + 1);
    }
  };
  fill(schema.required);
  // Requirements switched on by the values chosen so far (`allOf: [{if, then}]`), until nothing changes.
  const conditions = (Array.isArray(schema.allOf) ? schema.allOf : []).filter(isSchema);
  for (let round = 0; round < 4; round++) {
    const before = Object.keys(out).length;
    for (const block of conditions) {
      if (isSchema(block.if) && isSchema(block.then) && matches(block.if, out)) fill(block.then.required);
    }
    if (Object.keys(out).length === before) break;
  }
  return out;
}

/** Whether an `if` of the simple kinds (`properties` with `const`/`enum`, `required`) matches. */
function matches(condition: Schema, value: Record<string, unknown>): boolean {
  for (const name of Array.isArray(condition.required) ? condition.required : []) if (value[name as string] === undefined) return false;
  const properties = isSchema(condition.properties) ? condition.properties : {};
  for (const [name, rule] of Object.entries(properties)) {
    if (!isSchema(rule) || value[name] === undefined) continue;
    if ("const" in rule && value[name] !== rule.const) return false;
    if (Array.isArray(rule.enum) && !rule.enum.includes(value[name])) return false;
  }
  return true;
}

/** The schema of section `name`, `$ref` resolved. */
export function sectionSchema(root: Schema, name: string): Schema | undefined {
  const properties = isSchema(root.properties) ? root.properties : {};
  const section = properties[name];
  return isSchema(section) ? resolve(root, section) : undefined;
}

/** The first field (of the given section, or any) that takes a document, with its allowed document types. */
export function documentField(root: Schema): { section: string; field: string; documentTypes: string[]; array: boolean } | undefined {
  const properties = isSchema(root.properties) ? root.properties : {};
  for (const name of Object.keys(properties)) {
    const section = sectionSchema(root, name)!;
    const array = section.type === "array";
    const entity = array && isSchema(section.items) ? resolve(root, section.items) : section;
    const fields = isSchema(entity.properties) ? entity.properties : {};
    for (const [field, rule] of Object.entries(fields)) {
      const resolved = isSchema(rule) ? resolve(root, rule) : {};
      if (Array.isArray(resolved["x-documentTypes"])) return { section: name, field, documentTypes: resolved["x-documentTypes"] as string[], array };
    }
  }
  return undefined;
}
