// The one walk over a model's fields: a group's fields and each list item's fields, depth first.
import type { FormField } from "./model.js";

/** Calls `visit` on each field of `fields`, then on its group's fields and its list items' fields (not on `newItem`). */
export function forEachField(fields: readonly FormField[], visit: (field: FormField) => void): void {
  for (const field of fields) {
    visit(field);
    if (field.fields) forEachField(field.fields, visit);
    for (const item of field.items ?? []) forEachField(item.fields, visit);
  }
}
