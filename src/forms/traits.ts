// What a field is whatever the answers: title, type, widget, options, constraints and document
// types. Computed once per schema view and property name, then shared by every model built from
// it, so a keystroke pays only for what the answers change. Shared parts are frozen.
import { type Constraints, type FieldView, fieldView } from "./field-schema.js";
import { documentTypeLabel, humanize, optionLabel } from "./labels.js";
import type { FormField, FormOption } from "./model.js";
import { widgetFor } from "./widgets.js";

/** The answer-independent part of a field. */
export type Traits = Pick<FormField, "title" | "description" | "type" | "nullable" | "widget" | "multiple" | "options" | "format" | "default" | "readOnly"> & Constraints;

/** The datum part of a document field, before the entity's `refId` is known. */
export interface DocumentTraits {
  documentTypes: readonly FormOption[];
  issuedCountryRequired: boolean;
}

// Circle's identity documents: the government-ID types of its upload reference (passport, US
// driver's license, US state ID, notarised ID) and the national ID card templates use.
const identityDocuments = new Set(["passport", "usdl", "usid", "idNotarization", "nationalId"]);

const yesNo: readonly FormOption[] = Object.freeze([Object.freeze({ value: true, label: "Yes" }), Object.freeze({ value: false, label: "No" })]);

/** A field's traits, and the field object every model copies them from. */
export interface TraitsEntry {
  traits: Traits;
  document: DocumentTraits | undefined;
  itemView: FieldView | undefined;
  /**
   * A field with these traits and placeholders for what the answers decide, in the order the
   * model sets them: one object spread per field is V8's fast clone, where adding the same
   * properties one by one would not be.
   */
  template: FormField;
}

const cache = new WeakMap<FieldView, Map<string, TraitsEntry>>();

/** The traits of the property `name` whose schema view is `view`. */
export function traitsOf(root: Parameters<typeof fieldView>[0], view: FieldView, name: string): TraitsEntry {
  let byName = cache.get(view);
  if (!byName) cache.set(view, (byName = new Map()));
  let entry = byName.get(name);
  if (entry) return entry;
  const itemView = view.items.length ? fieldView(root, view.items) : undefined;
  const widget = widgetFor(view, itemView);
  const multiple = widget === "checkbox" && view.type === "array";
  const values = multiple ? itemView?.values : view.values;
  const options = values ? values.map((o) => Object.freeze({ value: o.value, label: optionLabel(o.value, o.title) })) : widget === "radio" && view.type === "boolean" ? yesNo : undefined;
  const traits: Traits = {
    title: view.title ?? humanize(name),
    ...(view.description === undefined ? {} : { description: view.description }),
    ...(view.type === undefined ? {} : { type: view.type }),
    nullable: view.nullable,
    widget,
    multiple,
    ...(options === undefined ? {} : { options: Object.freeze(options) }),
    ...view.constraints,
    ...(view.format === undefined ? {} : { format: view.format }),
    ...(view.default === undefined ? {} : { default: view.default }),
    readOnly: view.readOnly,
  };
  const types = view.documentTypes;
  const document = types && {
    documentTypes: Object.freeze(types.map((value) => Object.freeze({ value, label: documentTypeLabel(value) }))),
    issuedCountryRequired: types.some((t) => identityDocuments.has(t)),
  };
  const template: FormField = { path: "", name, ...traits, required: false, visibility: "visible", waitsFor: [], errors: [] };
  entry = { traits, document, itemView, template };
  byName.set(name, entry);
  return entry;
}
