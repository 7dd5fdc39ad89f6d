// The committed snapshot's byte form: keys sorted recursively, 2-space JSON, trailing newline, so
// that the same schema always gives the same bytes whatever order the server sent its keys in.
// Keys are sorted by sortKeysDeep (sections/schema-node.ts), which the bulk run also uses.

/** 2-space JSON with a trailing newline (of a value whose keys are already sorted). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
