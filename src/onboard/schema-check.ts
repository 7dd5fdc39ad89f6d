// A record against an application schema, before anything of it is written: every field error of
// its data at once, with the fields its documents will fill counted as present, plus each
// document's datum (does the field exist, in which section, is the document type allowed).
import type { FieldError } from "../errors.js";
import { resolveRef, toPointer } from "../sections/json-pointer.js";
import { isObject, type JsonSchema, type SchemaObject, schemaMap } from "../sections/schema-node.js";
import { allOfPointers, walkSubschemas } from "../sections/schema-walk.js";
import { sectionEntity } from "../sections/section-entity.js";
import type { SchemaValidator } from "../sections/validator.js";
import type { PreparedRecord } from "./input.js";

/** Stands in for the documentId an upload will write into a datum field. */
const placeholderId = "00000000-0000-4000-8000-000000000000";

/**
 * The property schemas of an object schema, wherever they are declared: in it, behind its `$ref`,
 * and in every `allOf` member, `then`, `else` and `dependentSchemas` branch, whatever the data.
 */
function fieldsOf(root: JsonSchema, pointer: string): Map<string, SchemaObject[]> {
  const fields = new Map<string, SchemaObject[]>();
  walkSubschemas(root, [pointer], (node, at) => {
    for (const [name, schema] of schemaMap(node, "properties")) {
      if (!isObject(schema)) continue;
      const resolved = typeof schema.$ref === "string" ? resolveRef(root, schema.$ref, schema)?.schema : undefined;
      fields.set(name, [...(fields.get(name) ?? []), schema, ...(isObject(resolved) ? [resolved] : [])]);
    }
    return [
      ...allOfPointers(node, at),
      ...["then", "else"].filter((branch) => node[branch] !== undefined).map((branch) => `${at}/${branch}`),
      ...schemaMap(node, "dependentSchemas").map(([trigger]) => at + toPointer(["dependentSchemas", trigger])),
    ];
  });
  return fields;
}


/** The `x-documentTypes` a datum field allows, if it lists any. */
function documentTypes(schemas: SchemaObject[]): string[] | undefined {
  for (const schema of schemas) {
    const list = schema["x-documentTypes"];
    if (Array.isArray(list)) return list.filter((t): t is string => typeof t === "string");
  }
  return undefined;
}

/**
 * Every problem of the record against the schema, shaped like the server's 422 entries: data
 * paths start with the section (`beneficial_owners.0.lastName`), document paths with
 * `documents.<i>`. Empty when the record can be sent as it is.
 */
export function checkAgainstSchema(prepared: PreparedRecord, validator: SchemaValidator): FieldError[] {
  const root = validator.schema as JsonSchema;
  const errors: FieldError[] = [];
  const data = structuredClone(prepared.record.data) as Record<string, unknown>;
  const arrays = new Map(
    validator.sectionNames.map((name) => {
      const entity = sectionEntity(root, name);
      return [name, entity.isArray ? entity.pointer : undefined];
    }),
  );

  prepared.documents.forEach((doc, i) => {
    const at = `documents.${i}`;
    let fields: Map<string, SchemaObject[]>;
    let target: Record<string, unknown> | undefined;
    if (doc.entity) {
      const items = arrays.get(doc.entity.section);
      if (items === undefined) {
        const arraySections = [...arrays].filter(([, p]) => p !== undefined).map(([n]) => n);
        errors.push({ path: `${at}.entity.section`, code: "enum", message: `expected an array section of this application (${arraySections.join(", ") || "none"}), got ${JSON.stringify(doc.entity.section)}` });
        return;
      }
      fields = fieldsOf(root, items);
      const entity = (data[doc.entity.section] as unknown[] | undefined)?.[doc.entity.index];
      target = isObject(entity) ? entity : undefined;
    } else {
      const candidates = validator.sectionNames.filter((name) => arrays.get(name) === undefined && (doc.section === undefined || doc.section === name) && fieldsOf(root, toPointer(["properties", name])).has(doc.datumName));
      if (candidates.length !== 1) {
        const message =
          candidates.length === 0
            ? `expected a field of ${doc.section === undefined ? "a flat section" : `section ${doc.section}`} (a document of an array-section item needs "entity"), got ${JSON.stringify(doc.datumName)}`
            : `expected one section to hold ${doc.datumName}, found ${candidates.join(" and ")}; add "section"`;
        errors.push({ path: `${at}.datumName`, code: candidates.length === 0 ? "unknown_datum" : "ambiguous_datum", message });
        return;
      }
      const section = candidates[0]!;
      fields = fieldsOf(root, toPointer(["properties", section]));
      const existing = data[section];
      target = isObject(existing) ? existing : {};
      data[section] = target;
    }
    const schemas = fields.get(doc.datumName);
    if (!schemas) {
      errors.push({ path: `${at}.datumName`, code: "unknown_datum", message: `expected a field of ${doc.entity ? `${doc.entity.section} items` : "the section"}, got ${JSON.stringify(doc.datumName)}` });
      return;
    }
    const allowed = documentTypes(schemas);
    if (allowed && (doc.documentType === undefined || !allowed.includes(doc.documentType))) {
      errors.push({ path: `${at}.documentType`, code: "enum", message: `expected one of ${allowed.join(", ")} for ${doc.datumName}, got ${doc.documentType === undefined ? "nothing" : JSON.stringify(doc.documentType)}` });
    }
    if (target && target[doc.datumName] === undefined) target[doc.datumName] = placeholderId;
  });

  errors.push(...validator.validateData(data));
  for (const section of validator.requiredSections(data)) {
    if (data[section] === undefined) errors.push({ path: section, code: "required", message: `the application requires section ${section}` });
  }
  return errors;
}
