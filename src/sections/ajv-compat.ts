// Schema rewrites for what Ajv refuses or skips although draft 2020-12 allows it; each keeps
// the meaning of the schema.
import { isObject, type JsonSchema, mapSchema, setOwn } from "./schema-node.js";

/**
 * - `enum: []` (no value is valid) makes Ajv throw; it becomes the equivalent `allOf: [false]`.
 * - Ajv skips a property named `__proto__` in `properties` (prototype-pollution guard); it moves
 *   to `patternProperties` as `^__proto__$`, which evaluates the same key.
 * - A subschema below the root with both its own `$id` and a `$ref` sends Ajv into endless
 *   recursion; the `$ref` moves into `allOf`, where it applies the same way (in place, resolved
 *   against the same base URI, its evaluated properties and items still counted).
 */
export function prepareForAjv(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (copy, _original, segments) => {
    if (Array.isArray(copy.enum) && copy.enum.length === 0) {
      delete copy.enum;
      copy.allOf = [...(Array.isArray(copy.allOf) ? copy.allOf : []), false];
    }
    if (segments.length && typeof copy.$id === "string" && typeof copy.$ref === "string") {
      // Appended, so that pointers into the original schema (`…/allOf/0/if`) still address the same member.
      copy.allOf = [...(Array.isArray(copy.allOf) ? copy.allOf : []), { $ref: copy.$ref }];
      delete copy.$ref;
    }
    const properties = copy.properties;
    // The root's properties are the sections, addressed by pointer: leave them where they are.
    if (segments.length && isObject(properties) && Object.hasOwn(properties, "__proto__")) {
      const kept: Record<string, unknown> = {};
      for (const key of Object.keys(properties)) if (key !== "__proto__") setOwn(kept, key, properties[key]);
      const patterns: Record<string, unknown> = {};
      if (isObject(copy.patternProperties)) for (const key of Object.keys(copy.patternProperties)) setOwn(patterns, key, copy.patternProperties[key]);
      setOwn(patterns, "^__proto__$", properties["__proto__"]);
      copy.properties = kept;
      copy.patternProperties = patterns;
    }
  });
}
