// The preview page's answers: a plain JSON object edited by segment paths (section, field,
// entity index, ...), as the form's controls change.

/** One step of a path: a property name or an array index. */
export type Segment = string | number;

/** The value at a path, or `undefined`. */
export function getAt(root: unknown, segments: readonly Segment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

/** Sets the value at a path, creating the objects and arrays on the way; `undefined` deletes it. */
export function setAt(root: Record<string, unknown>, segments: readonly Segment[], value: unknown): void {
  let current: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = String(segments[i]);
    const container = current as Record<string, unknown>;
    let next = container[key];
    if (next === null || typeof next !== "object") {
      if (value === undefined) return;
      next = typeof segments[i + 1] === "number" ? [] : {};
      container[key] = next;
    }
    current = next as Record<string, unknown> | unknown[];
  }
  const last = segments[segments.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(current) && typeof last === "number") current[last] = undefined;
    else delete (current as Record<string, unknown>)[String(last)];
  } else {
    (current as Record<string, unknown>)[String(last)] = value;
  }
}

/** Appends an entry to the array at a path (creating it). */
export function appendAt(root: Record<string, unknown>, segments: readonly Segment[], entry: unknown): void {
  const list = getAt(root, segments);
  setAt(root, segments, [...(Array.isArray(list) ? list : []), entry]);
}

/** Removes the entry at `index` of the array at a path; an empty array goes. */
export function removeAt(root: Record<string, unknown>, segments: readonly Segment[], index: number): void {
  const list = getAt(root, segments);
  if (!Array.isArray(list)) return;
  const rest = list.filter((_, i) => i !== index);
  setAt(root, segments, rest.length ? rest : undefined);
}
