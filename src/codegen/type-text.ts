// TypeScript text for the small json2ts schemas the builder makes (kinds, literals, names, unions),
// for the places json2ts cannot reach: the value type of a template literal index signature, and
// the members of the conditional branches that are written as TypeScript directly.
import type { Json2tsSchema } from "./sound-schema.js";

const kindText: Record<string, string> = {
  null: "null",
  boolean: "boolean",
  number: "number",
  integer: "number",
  string: "string",
  array: "unknown[]",
  object: "{ [k: string]: unknown }",
};

/** The schema's type as TypeScript text, or `undefined` when it is not one of the simple forms. */
export function simpleTypeText(schema: Json2tsSchema): string | undefined {
  const keys = Object.keys(schema).filter((k) => k !== "description" && k !== "title");
  if (!keys.length) return "unknown";
  if (keys.length === 1 && typeof schema.tsType === "string") return schema.tsType;
  if (keys.length === 1 && Array.isArray(schema.enum) && schema.enum.every((v) => v === null || typeof v !== "object")) {
    return schema.enum.length ? schema.enum.map((v) => JSON.stringify(v)).join(" | ") : "never";
  }
  if (keys.length === 1 && schema.type !== undefined) {
    const names = Array.isArray(schema.type) ? schema.type : [schema.type];
    const texts = names.map((n) => (typeof n === "string" ? kindText[n] : undefined));
    return texts.every((t) => t !== undefined) && texts.length ? texts.join(" | ") : undefined;
  }
  for (const [keyword, operator] of [["anyOf", " | "], ["allOf", " & "]] as const) {
    if (keys.length === 1 && Array.isArray(schema[keyword])) {
      const texts = (schema[keyword] as Json2tsSchema[]).map(simpleTypeText);
      if (texts.some((t) => t === undefined) || !texts.length) return undefined;
      return texts.map((t) => `(${t})`).join(operator);
    }
  }
  return undefined;
}
