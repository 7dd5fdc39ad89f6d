// The committed snapshot's byte form: keys sorted recursively, 2-space JSON, trailing newline, so
// that the same schema always gives the same bytes whatever order the server sent its keys in.
import { isObject, setOwn } from "../sections/schema-node.js";

/** A copy with every object's keys in sorted order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeysDeep(value[key]));
  return out;
}

/** 2-space JSON with a trailing newline (of a value whose keys are already sorted). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
