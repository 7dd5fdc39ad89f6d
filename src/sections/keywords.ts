// Keywords and formats a schema uses that Ajv does not know: Ajv's strict mode throws on them,
// so they are found by scanning the schema and registered as annotations before compiling.
import { forEachSubschema, isVendorKeyword, type JsonSchema } from "./schema-node.js";

/** What a schema uses beyond Ajv's vocabulary. */
export interface ForeignVocabulary {
  /** Vendor keywords (`x-documentTypes`, `x-resolved`). */
  vendorKeywords: string[];
  /** Other keywords Ajv does not know (OpenAPI's `example`, typos). */
  unknownKeywords: string[];
  /** Every `format` value used. */
  formats: string[];
}

/** Scans every subschema; `known` says whether Ajv knows a keyword. */
export function scanVocabulary(schema: JsonSchema, known: (keyword: string) => boolean): ForeignVocabulary {
  const vendor = new Set<string>();
  const unknown = new Set<string>();
  const formats = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: JsonSchema): void => {
    if (typeof node === "boolean" || seen.has(node)) return;
    seen.add(node);
    for (const key of Object.keys(node)) {
      if (isVendorKeyword(key)) vendor.add(key);
      else if (!known(key)) unknown.add(key);
    }
    if (typeof node.format === "string") formats.add(node.format);
    forEachSubschema(node, visit);
  };
  visit(schema);
  return { vendorKeywords: [...vendor].sort(), unknownKeywords: [...unknown].sort(), formats: [...formats].sort() };
}
