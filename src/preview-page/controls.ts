// One control per widget hint: built once per field path, then updated in place as the answers
// change, so that typing never loses focus. Every control has a <label> (a group has its
// <legend>), its `name` is the field's dot path, and reading it gives the JSON value to store.
import type { FormField, FormOption } from "../forms/index.js";

/** A built control: its outer element, and how to update it and read it. */
export interface Control {
  /** What goes in the field's row after the label. */
  element: HTMLElement;
  /** The elements the field's hint, note and error describe (`aria-describedby`, `aria-invalid`). */
  described: HTMLElement[];
  /** Shows the field's current value, unless the user is typing in it. */
  show(field: FormField): void;
  /** The JSON value the control holds; `undefined` when it is empty. */
  read(): unknown;
}

/** An element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const inputTypes: Partial<Record<FormField["widget"], string>> = { email: "email", url: "url", date: "date", number: "number", text: "text", datetime: "text", file: "text" };

/** The control for a field; `id` is the id its label points to. */
export function createControl(field: FormField, id: string): Control {
  switch (field.widget) {
    case "textarea":
      return textControl(field, el("textarea", { id, name: field.path, rows: "3" }));
    case "select":
      return selectControl(field, id);
    case "radio":
      return choiceControl(field, id, "radio");
    case "checkbox":
      return field.multiple ? choiceControl(field, id, "checkbox") : consentControl(field, id);
    default:
      return textControl(field, el("input", { id, name: field.path, type: inputTypes[field.widget] ?? "text" }));
  }
}

function textControl(field: FormField, input: HTMLInputElement | HTMLTextAreaElement): Control {
  // A date-time must carry its zone (RFC 3339), which <input type="datetime-local"> cannot give.
  if (field.widget === "datetime") input.setAttribute("placeholder", "2024-01-31T12:00:00Z");
  if (field.widget === "file") input.setAttribute("placeholder", "documentId of an upload");
  if (field.readOnly) input.readOnly = true;
  if (field.minLength !== undefined) input.setAttribute("minlength", String(field.minLength));
  if (field.maxLength !== undefined) input.setAttribute("maxlength", String(field.maxLength));
  if (input instanceof HTMLInputElement) {
    if (field.pattern !== undefined) input.setAttribute("pattern", field.pattern);
    if (field.minimum !== undefined) input.setAttribute("min", String(field.minimum));
    if (field.maximum !== undefined) input.setAttribute("max", String(field.maximum));
    if (field.widget === "number") input.setAttribute("step", field.type === "integer" ? "1" : field.multipleOf === undefined ? "any" : String(field.multipleOf));
  }
  const numeric = field.type === "number" || field.type === "integer";
  return {
    element: input,
    described: [input],
    show(f) {
      if (document.activeElement === input) return;
      const text = f.value === undefined || f.value === null ? "" : typeof f.value === "string" ? f.value : JSON.stringify(f.value);
      if (input.value !== text) input.value = text;
    },
    read() {
      const text = input.value;
      if (text === "") return undefined;
      // A number that does not parse stays text, for the validator to report as the server would.
      if (numeric) return Number.isFinite(Number(text)) ? Number(text) : text;
      return text;
    },
  };
}

function selectControl(field: FormField, id: string): Control {
  const options = field.options ?? [];
  const select = el("select", { id, name: field.path }, el("option", { value: "" }, "Choose…"), ...options.map((o, i) => el("option", { value: String(i) }, o.label)));
  return {
    element: select,
    described: [select],
    show(f) {
      const index = indexOf(options, f.value);
      select.value = index < 0 ? "" : String(index);
    },
    read: () => (select.value === "" ? undefined : options[Number(select.value)]?.value),
  };
}

/** Radio buttons (one value) or checkboxes (an array of values) in a fieldset whose legend is the field's label. */
function choiceControl(field: FormField, id: string, type: "radio" | "checkbox"): Control {
  const options = field.options ?? [];
  const inputs = options.map((_, i) => el("input", { id: `${id}-${i}`, name: field.path, type, value: String(i) }));
  const list = el("div", { class: "choices" }, ...options.map((o, i) => el("label", { for: `${id}-${i}` }, inputs[i]!, ` ${o.label}`)));
  return {
    element: list,
    described: inputs,
    show(f) {
      const chosen = type === "radio" ? [indexOf(options, f.value)] : Array.isArray(f.value) ? f.value.map((v) => indexOf(options, v)) : [];
      inputs.forEach((input, i) => (input.checked = chosen.includes(i)));
    },
    read() {
      const checked = inputs.filter((input) => input.checked).map((input) => options[Number(input.value)]!.value);
      if (type === "radio") return checked[0];
      return checked.length ? checked : undefined;
    },
  };
}

/** A single checkbox for a boolean that must be true (a consent): ticked is `true`, unticked unanswered. */
function consentControl(field: FormField, id: string): Control {
  const input = el("input", { id, name: field.path, type: "checkbox" });
  return {
    element: input,
    described: [input],
    show: (f) => void (input.checked = f.value === true),
    read: () => (input.checked ? true : undefined),
  };
}

function indexOf(options: readonly FormOption[], value: unknown): number {
  return options.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(value));
}
