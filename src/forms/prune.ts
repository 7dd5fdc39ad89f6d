// `prune`: the answers without those the form no longer shows. A user who picked one branch,
// typed into its fields, then switched branch would otherwise send the stale answers with the save.
import { isObject } from "../sections/schema-node.js";
import { buildModel, dataOf, schemaOf } from "./describe.js";
import type { UntypedSections } from "../sections/contract.js";
import type { ApplicationDraft, FormField, FormItem, FormModel, FormOptions, FormValidator } from "./model.js";

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
    if (!removeHidden(current, buildModel(root, current, options))) break;
  }
  return current as ApplicationDraft<S>;
}

/** Deletes hidden answers from `data` in place; true when anything was deleted. */
function removeHidden(data: Record<string, unknown>, model: FormModel): boolean {
  let removed = false;
  for (const section of model.sections) {
    if (!Object.hasOwn(data, section.name)) continue;
    if (section.visibility === "hidden") {
      delete data[section.name];
      removed = true;
    } else if (section.items) {
      removed = fromItems(data[section.name], section.items) || removed;
    } else {
      removed = fromObject(data[section.name], section.fields) || removed;
    }
  }
  return removed;
}

function fromObject(value: unknown, fields: readonly FormField[]): boolean {
  if (!isObject(value)) return false;
  let removed = false;
  for (const field of fields) {
    if (!Object.hasOwn(value, field.name)) continue;
    if (field.visibility === "hidden") {
      delete value[field.name];
      removed = true;
    } else if (field.fields) {
      removed = fromObject(value[field.name], field.fields) || removed;
    } else if (field.items) {
      removed = fromItems(value[field.name], field.items) || removed;
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
