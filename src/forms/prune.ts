// `prune`: the answers without those the form no longer shows. A user who picked one branch,
// typed into its fields, then switched branch would otherwise send the stale answers with the save.
import { isObject } from "../sections/schema-node.js";
import { buildModel, dataOf, schemaOf } from "./describe.js";
import type { UntypedSections } from "../sections/contract.js";
import type { ApplicationDraft, FormField, FormItem, FormOptions, FormValidator } from "./model.js";

// Removing an answer can hide more (a hidden field that decided another condition); a schema
// deeper than this many such steps is not a form.
const maxRounds = 32;

/**
 * A copy of the data without the values of hidden sections and fields (conditions that certainly
 * do not hold). Pending fields keep their values; fields the schema does not describe are kept
 * for the validator to report. Idempotent: pruning twice gives the same data.
 * @throws InvalidRequestError when `data` is not an object
 */
export function prune<S extends object = UntypedSections>(validator: FormValidator<S>, data: ApplicationDraft<S>, options: FormOptions = {}): ApplicationDraft<S> {
  const root = schemaOf(validator);
  let current = structuredClone(dataOf(data)) as Record<string, unknown>;
  for (let round = 0; round < maxRounds; round++) {
    if (!fromObject(current, buildModel(root, current, options).sections)) break;
  }
  return current as ApplicationDraft<S>;
}

/** What holds answers by name: a section, or a field (a group holds fields, a list its items). */
type Holder = Pick<FormField, "name" | "visibility" | "fields" | "items">;

/** Deletes the hidden answers of `value` (an object of answers by name) in place; true when anything was deleted. */
function fromObject(value: unknown, holders: readonly Holder[]): boolean {
  if (!isObject(value)) return false;
  let removed = false;
  for (const holder of holders) {
    if (!Object.hasOwn(value, holder.name)) continue;
    if (holder.visibility === "hidden") {
      delete value[holder.name];
      removed = true;
    } else if (holder.items) {
      // Before `fields`: an array section lists every entity's fields there too.
      removed = fromItems(value[holder.name], holder.items) || removed;
    } else if (holder.fields) {
      removed = fromObject(value[holder.name], holder.fields) || removed;
    }
  }
  return removed;
}

function fromItems(value: unknown, items: readonly FormItem[]): boolean {
  if (!Array.isArray(value)) return false;
  let removed = false;
  for (const item of items) removed = fromObject(value[item.index], item.fields) || removed;
  return removed;
}
