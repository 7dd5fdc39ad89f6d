// Which control suits a field, from its schema alone: a hint, which a renderer may override.
import type { FieldView } from "./field-schema.js";

/** The kind of control a field wants. */
export type Widget = "text" | "textarea" | "select" | "radio" | "checkbox" | "date" | "datetime" | "email" | "url" | "number" | "file" | "group" | "list";

// Up to this many options read best as radio buttons; more fit a drop-down.
const maxRadioOptions = 4;
// Strings allowed to be longer than this get a multi-line box.
const maxSingleLine = 200;

const formatWidgets: Record<string, Widget> = {
  date: "date",
  "date-time": "datetime",
  email: "email",
  "idn-email": "email",
  uri: "url",
  url: "url",
  iri: "url",
};

/**
 * The widget for a field. A boolean is a Yes/No question (radio buttons), because an unticked
 * checkbox cannot tell "no" from "not answered yet", and conditions and `required` tell them
 * apart; only a boolean that must be `true` (a consent) is a checkbox.
 */
export function widgetFor(view: FieldView, itemView: FieldView | undefined): Widget {
  if (view.documentTypes !== undefined) return "file";
  switch (view.type) {
    case "object":
      return "group";
    case "array":
      return itemView?.values !== undefined && itemView.type !== "object" ? "checkbox" : "list";
    case "boolean":
      return view.values?.length === 1 && view.values[0]!.value === true ? "checkbox" : "radio";
    default:
      break;
  }
  if (view.values !== undefined) return view.values.length <= maxRadioOptions ? "radio" : "select";
  if (view.type === "number" || view.type === "integer") return "number";
  if (view.format !== undefined && formatWidgets[view.format]) return formatWidgets[view.format]!;
  const max = view.constraints.maxLength;
  return max !== undefined && max > maxSingleLine ? "textarea" : "text";
}
