// What an object schema asks of the names an object holds, for `oneOf` exclusions: the names it
// requires, and whether requiring them is all it asks (then it fails exactly when one is absent).
import { resolveRef } from "../sections/json-pointer.js";
import { acceptsEverything, annotationKeywords, asSchema, isObject, isVendorKeyword, type JsonSchema, type SchemaObject, schemaList, schemaMap, stringList } from "../sections/schema-node.js";
import { Kind, type KindAnalysis } from "./kinds.js";

/** Presence analysis of the subschemas of one document. */
export class Presence {
  /**
   * @param root the whole document, for `$ref` resolution
   * @param kinds the document's kind analysis
   */
  constructor(
    private readonly root: JsonSchema,
    private readonly kinds: KindAnalysis,
  ) {}

  /** The names a schema requires of an object, through `allOf` and `$ref` (fewer when unsure). */
  requiredNames(schema: JsonSchema, seen = new Set<SchemaObject>()): string[] {
    if (!isObject(schema) || seen.has(schema)) return [];
    seen.add(schema);
    const names = stringList(schema, "required");
    for (const member of schemaList(schema, "allOf")) names.push(...this.requiredNames(member, seen));
    const target = typeof schema.$ref === "string" ? resolveRef(this.root, schema.$ref, schema) : undefined;
    if (target) names.push(...this.requiredNames(target.schema, seen));
    return names;
  }

  /**
   * The names an object must hold to pass the schema, when that is all the schema asks of an
   * object (`required`, `properties` accepting anything, through `allOf` and `$ref`); else `undefined`.
   */
  presenceOnly(schema: JsonSchema, seen = new Set<SchemaObject>()): Set<string> | undefined {
    if (schema === true) return new Set();
    if (!isObject(schema) || seen.has(schema)) return undefined;
    seen.add(schema);
    const names = new Set(stringList(schema, "required"));
    for (const keyword of Object.keys(schema)) {
      if (annotationKeywords.has(keyword) || isVendorKeyword(keyword) || keyword === "required") continue;
      if (keyword === "type" && this.kinds.of({ type: schema.type }) & Kind.object) continue;
      const anything = (k: string): boolean => schemaMap(schema, k).every(([, child]) => acceptsEverything(child));
      if ((keyword === "properties" || keyword === "patternProperties") && anything(keyword)) continue;
      if ((keyword === "additionalProperties" || keyword === "unevaluatedProperties") && acceptsEverything(asSchema(schema[keyword]) ?? false)) continue;
      const nested = keyword === "allOf" ? schemaList(schema, "allOf") : keyword === "$ref" ? [resolveRef(this.root, String(schema.$ref), schema)?.schema] : undefined;
      if (!nested) return undefined;
      for (const child of nested) {
        const more = child === undefined ? undefined : this.presenceOnly(child, seen);
        if (!more) return undefined;
        for (const name of more) names.add(name);
      }
    }
    return names;
  }
}
