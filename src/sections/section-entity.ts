// Where a section's entity schema is: the section itself for a flat section, its `items` for an
// array section (behind `$ref`s). One rule for the validator's `requiredFields` and for the bulk
// run's document checks, so that both agree on which sections are arrays.
import { escapeSegment, resolveRef, valueAt } from "./json-pointer.js";
import { isObject, type JsonSchema } from "./schema-node.js";

/** The JSON pointer of a section in an application schema. */
export function sectionPointer(name: string): string {
  return `/properties/${escapeSegment(name)}`;
}

/**
 * The schema one entity of a section is checked against: `{ pointer: …/items, isArray: true }`
 * for an array section (`type: "array"`, or `items` without a `type`), else the section's own
 * schema. `$ref`s are followed to find an array's `items`, not for an object section: its pointer
 * stays the section's, so that keywords beside the `$ref` (`allOf`, `if`) still apply where it is
 * used. A `$ref` beside `properties` or `required` is not followed: those make the section an object.
 */
export function sectionEntity(root: JsonSchema, name: string): { pointer: string; isArray: boolean } {
  const section = sectionPointer(name);
  let at = section;
  for (let hops = 0; hops < 16; hops++) {
    const node = valueAt(root, at);
    if (!isObject(node)) break;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (node.items !== undefined && (types.includes("array") || node.type === undefined)) return { pointer: `${at}/items`, isArray: true };
    const target = typeof node.$ref === "string" ? resolveRef(root, node.$ref, node) : undefined;
    if (!target || Object.keys(node).some((k) => k === "properties" || k === "required")) break;
    at = target.pointer;
  }
  return { pointer: section, isArray: false };
}
