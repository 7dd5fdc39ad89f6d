// JSDoc text for a field or type: the schema's description plus the constraints json2ts drops
// (format, bounds, pattern, document types, vendor keywords) and the conditions of requirement.
import { isVendorKeyword, type JsonSchema } from "../sections/schema-node.js";

const numericTags = [
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
] as const;

/** Extra lines for a JSDoc block beside what the schema says. */
export interface DocExtras {
  /** Conditions in words under which the field becomes required. */
  requiredWhen?: readonly string[];
  /** Free lines appended after the description. */
  notes?: readonly string[];
}

/** The JSDoc body for a schema (without comment markers), or `undefined` when there is nothing to say. */
export function docFor(schema: JsonSchema | undefined, extras: DocExtras = {}): string | undefined {
  const lines: string[] = [];
  if (typeof schema === "object") {
    const description = typeof schema.description === "string" ? schema.description : typeof schema.title === "string" ? schema.title : undefined;
    if (description) lines.push(description.trim());
    lines.push(...(extras.notes ?? []));
    if (typeof schema.format === "string") lines.push(`@format ${schema.format}`);
    for (const tag of numericTags) if (typeof schema[tag] === "number") lines.push(`@${tag} ${schema[tag]}`);
    if (typeof schema.pattern === "string") lines.push(`@pattern ${schema.pattern}`);
    if (schema.uniqueItems === true) lines.push("@uniqueItems");
    if (schema.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
    if (schema.readOnly === true) lines.push("@readOnly");
    if (schema.deprecated === true) lines.push("@deprecated");
    for (const key of Object.keys(schema).filter(isVendorKeyword).sort()) {
      const value = schema[key];
      if (key === "x-documentTypes" && Array.isArray(value)) lines.push(`@documentTypes ${value.join(", ")}`);
      else lines.push(`@${key} ${JSON.stringify(value)}`);
    }
  } else {
    lines.push(...(extras.notes ?? []));
  }
  for (const when of extras.requiredWhen ?? []) lines.push(`@requiredWhen ${when}`);
  if (!lines.length) return undefined;
  // A `*/` inside a description or pattern would end the comment early.
  return lines.join("\n").replace(/\*\//g, "*\\/");
}
