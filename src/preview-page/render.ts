// The form on the page, kept in step with describeForm's model: each section, field and entity
// is an element keyed by its path, created once and updated in place; hidden ones are taken out
// of the page, pending ones greyed with a note of the answers they wait for.
import type { FieldError } from "../errors.js";
import { type FormField, type FormItem, type FormModel, type FormSection, forEachField } from "../forms/index.js";
import { type Control, createControl, el } from "./controls.js";
import type { Segment } from "./state.js";

/** What the page does when the user acts. */
export interface Actions {
  /** A control changed: store its value (`undefined` removes the answer). */
  change(segments: readonly Segment[], value: unknown): void;
  /** Adds an entry to the array at the path. */
  add(segments: readonly Segment[], entry: unknown): void;
  /** Removes the entry at `index` of the array at the path. */
  remove(segments: readonly Segment[], index: number): void;
  /** Shows the payload `sections.save` would send for the section. */
  showPayload(section: string): void;
}

/** What a render shows besides the model: which fields show their errors, and the payloads asked for. */
export interface RenderState {
  /** Paths of the fields whose errors show (answered or changed by the user). */
  touched: ReadonlySet<string>;
  /** Per section whose payload was asked for: the payload's JSON. */
  payloads: ReadonlyMap<string, string>;
}

interface Node {
  element: HTMLElement;
  widget: string;
  control?: Control;
  label?: HTMLElement;
  hint?: HTMLElement;
  note?: HTMLElement;
  error?: HTMLElement;
  children?: HTMLElement;
  add?: HTMLButtonElement;
  status?: HTMLElement;
  payload?: HTMLElement;
  summary?: HTMLElement;
}

/** Puts exactly `desired` in `container`, in order, moving only what is out of place (so focus stays). */
function place(container: Element, desired: readonly HTMLElement[]): void {
  const wanted = new Set<Element>(desired);
  for (const child of [...container.children]) if (!wanted.has(child)) child.remove();
  desired.forEach((node, i) => {
    if (container.children[i] !== node) container.insertBefore(node, container.children[i] ?? null);
  });
}

function setText(node: HTMLElement | undefined, text: string): void {
  if (!node) return;
  if (node.textContent !== text) node.textContent = text;
  node.hidden = text === "";
}

/** The form view of one page. */
export class FormView {
  private readonly nodes = new Map<string, Node>();
  private readonly bindings = new WeakMap<Element, { segments: readonly Segment[]; control: Control }>();
  private readonly clicks = new WeakMap<Element, () => void>();
  private readonly ids = new Map<string, string>();
  private titles = new Map<string, string>();
  private shown: Set<string> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly live: HTMLElement,
    private readonly actions: Actions,
  ) {
    const changed = (event: Event): void => {
      const binding = event.target instanceof Element ? this.bindings.get(event.target) : undefined;
      if (binding) actions.change(binding.segments, binding.control.read());
    };
    root.addEventListener("input", changed);
    root.addEventListener("change", changed);
    root.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target.closest("button") : null;
      const handler = target ? this.clicks.get(target) : undefined;
      if (handler) {
        event.preventDefault();
        handler();
      }
    });
  }

  /** Shows the model. */
  render(model: FormModel, state: RenderState): void {
    this.titles = new Map();
    for (const s of model.sections) {
      this.titles.set(s.name, s.title);
      forEachField(s.fields, (f) => this.titles.set(f.path, f.title));
    }
    const shown = new Set<string>();
    place(
      this.root,
      model.sections.filter((s) => s.visibility !== "hidden").map((s) => this.section(s, state, shown)),
    );
    this.announce(shown);
  }

  private id(path: string): string {
    let id = this.ids.get(path);
    if (!id) this.ids.set(path, (id = `f${this.ids.size + 1}`));
    return id;
  }

  private waitNote(waitsFor: readonly string[]): string {
    if (waitsFor.length === 0) return "Asked depending on a condition this form cannot decide.";
    const names = waitsFor.map((p) => (this.titles.has(p) ? `${this.titles.get(p)} (${p})` : p));
    return `Waits for an answer to ${names.join(", ")}: asked or not depending on it.`;
  }

  private section(s: FormSection, state: RenderState, shown: Set<string>): HTMLElement {
    const key = `s:${s.name}`;
    let node = this.nodes.get(key);
    if (!node) {
      const headingId = `${this.id(key)}-h`;
      const children = el("div", { class: "fields" });
      const status = el("p", { class: "status" });
      const payload = el("div", { class: "payload", hidden: "" });
      const summary = el("ul", { class: "section-errors", hidden: "" });
      const button = el("button", { type: "button", class: "show-payload" }, "Show the save payload");
      const element = el(
        "section",
        { class: "section", "aria-labelledby": headingId, "data-section": s.name },
        el("h2", { id: headingId }, s.title),
        status,
        ...(s.description ? [el("p", { class: "description" }, s.description)] : []),
        children,
      );
      node = { element, widget: s.kind, children, status, payload, summary };
      if (s.kind === "array") {
        node.add = el("button", { type: "button", class: "add" }, `Add to ${s.title}`);
        element.append(node.add);
        this.clicks.set(node.add, () => this.actions.add([s.name], {}));
      }
      element.append(summary, el("div", { class: "actions" }, button), payload);
      this.clicks.set(button, () => this.actions.showPayload(s.name));
      this.nodes.set(key, node);
    }
    node.element.classList.toggle("pending", s.visibility === "pending");
    setText(node.status, s.visibility === "pending" ? this.waitNote(s.waitsFor) : s.required ? "Required section" : "Optional section");
    if (s.kind === "array") {
      place(node.children!, (s.items ?? []).map((item) => this.item(item, [s.name, item.index], s.title, state, shown)));
      const full = s.maxItems !== undefined && (s.items?.length ?? 0) >= s.maxItems;
      node.add!.disabled = full;
      node.add!.title = full ? `At most ${s.maxItems}` : "";
    } else {
      place(node.children!, this.fields(s.fields, [s.name], state, shown));
    }
    const payload = state.payloads.get(s.name);
    node.payload!.hidden = payload === undefined;
    if (payload !== undefined) {
      node.payload!.replaceChildren(el("p", {}, `PUT /v1/onboarding/partner/applications/{applicationId}/sections/${s.name}`), el("pre", { class: "json" }, el("code", {}, payload)));
    }
    // Errors the server would give that no field on the page shows.
    const unplaced: FieldError[] = [...s.errors];
    if (payload !== undefined) unplaced.push(...this.offPage(s));
    node.summary!.replaceChildren(...unplaced.map((e) => el("li", {}, `${e.path}: ${e.message}`)));
    node.summary!.hidden = unplaced.length === 0;
    return node.element;
  }

  /** The errors of fields that are not on the page (pending and unanswered, or below a hidden one). */
  private offPage(s: FormSection): FieldError[] {
    const out: FieldError[] = [];
    const visit = (fields: readonly FormField[]): void => {
      for (const f of fields) {
        if (f.visibility !== "visible") out.push(...f.errors);
        else if (f.fields) visit(f.fields);
        else for (const item of f.items ?? []) visit(item.fields);
      }
    };
    visit(s.fields);
    return out;
  }

  private fields(fields: readonly FormField[], parent: readonly Segment[], state: RenderState, shown: Set<string>): HTMLElement[] {
    return fields.filter((f) => f.visibility !== "hidden").map((f) => this.field(f, [...parent, f.name], state, shown));
  }

  private item(item: FormItem, segments: readonly Segment[], title: string, state: RenderState, shown: Set<string>): HTMLElement {
    const key = `i:${item.path}`;
    let node = this.nodes.get(key);
    if (!node) {
      const children = el("div", { class: "fields" });
      const remove = el("button", { type: "button", class: "remove" }, `Remove ${title} ${item.index + 1}`);
      const element = el("fieldset", { class: "item" }, el("legend", {}, `${title} ${item.index + 1}`), children, remove);
      const list = segments.slice(0, -1);
      this.clicks.set(remove, () => this.actions.remove(list, item.index));
      node = { element, widget: "item", children };
      this.nodes.set(key, node);
    }
    const plain = item.fields.length === 1 && item.fields[0]!.path === item.path;
    place(node.children!, plain ? [this.field(item.fields[0]!, segments, state, shown)] : this.fields(item.fields, segments, state, shown));
    return node.element;
  }

  private field(f: FormField, segments: readonly Segment[], state: RenderState, shown: Set<string>): HTMLElement {
    shown.add(f.path);
    const key = `f:${f.path}`;
    let node = this.nodes.get(key);
    if (!node || node.widget !== f.widget) {
      node = this.createField(f, segments);
      this.nodes.set(key, node);
    }
    const pending = f.visibility === "pending";
    node.element.classList.toggle("pending", pending);
    node.label?.querySelector(".req")?.toggleAttribute("hidden", !f.required);
    setText(node.note, pending ? this.waitNote(f.waitsFor) : "");
    if (f.widget === "group") {
      place(node.children!, this.fields(f.fields ?? [], segments, state, shown));
      return node.element;
    }
    if (f.widget === "list") {
      place(node.children!, (f.items ?? []).map((item) => this.item(item, [...segments, item.index], f.title, state, shown)));
      const full = f.maxItems !== undefined && (f.items?.length ?? 0) >= f.maxItems;
      node.add!.disabled = full || f.readOnly;
      return node.element;
    }
    const control = node.control!;
    const errors = state.touched.has(f.path) ? f.errors : [];
    setText(node.error, errors.map((e) => e.message).join("; "));
    const describedBy = [node.hint, node.note, node.error].filter((n): n is HTMLElement => !!n && !n.hidden).map((n) => n.id).join(" ");
    const group = f.widget === "radio" || (f.widget === "checkbox" && f.multiple);
    if (group) {
      node.element.setAttribute("aria-required", String(f.required));
      node.element.setAttribute("aria-invalid", String(errors.length > 0));
      if (describedBy) node.element.setAttribute("aria-describedby", describedBy);
      else node.element.removeAttribute("aria-describedby");
    }
    for (const input of control.described) {
      // HTML's `required` on a checkbox would demand that every box be ticked.
      input.toggleAttribute("required", f.required && !(f.widget === "checkbox" && f.multiple));
      if (group) continue;
      input.setAttribute("aria-required", String(f.required));
      input.setAttribute("aria-invalid", String(errors.length > 0));
      if (describedBy) input.setAttribute("aria-describedby", describedBy);
      else input.removeAttribute("aria-describedby");
    }
    control.show(f);
    return node.element;
  }

  private createField(f: FormField, segments: readonly Segment[]): Node {
    const id = this.id(f.path);
    const req = el("span", { class: "req", hidden: "" }, el("span", { "aria-hidden": "true" }, " *"), el("span", { class: "visually-hidden" }, " (required)"));
    const hint = el("p", { class: "hint", id: `${id}-hint` }, hintOf(f));
    hint.hidden = hint.textContent === "";
    const note = el("p", { class: "note", id: `${id}-note`, hidden: "" });
    if (f.widget === "group" || f.widget === "list") {
      const label = el("legend", {}, f.title, req);
      const children = el("div", { class: f.widget === "list" ? "items" : "fields" });
      const element = el("fieldset", { class: `field ${f.widget}`, "data-path": f.path }, label, hint, note, children);
      const node: Node = { element, widget: f.widget, label, hint, note, children };
      if (f.widget === "list") {
        node.add = el("button", { type: "button", class: "add" }, `Add to ${f.title}`);
        element.append(node.add);
        const plain = f.newItem?.fields.length === 1 && f.newItem.fields[0]!.path === f.newItem.path;
        this.clicks.set(node.add, () => this.actions.add(segments, plain ? "" : {}));
      }
      return node;
    }
    const control = createControl(f, id);
    const error = el("p", { class: "error", id: `${id}-error`, hidden: "" });
    const group = f.widget === "radio" || (f.widget === "checkbox" && f.multiple);
    const label = group ? el("legend", {}, f.title, req) : el("label", { for: id }, f.title, req);
    const element = group
      ? el("fieldset", { class: `field ${f.widget}`, role: f.widget === "radio" ? "radiogroup" : "group", "data-path": f.path }, label, hint, control.element, note, error)
      : el("div", { class: `field ${f.widget}`, "data-path": f.path }, label, hint, control.element, note, error);
    for (const input of control.described) this.bindings.set(input, { segments, control });
    return { element, widget: f.widget, control, label, hint, note, error };
  }

  /** Tells screen readers which fields the last answer brought in or took away. */
  private announce(shown: Set<string>): void {
    const before = this.shown;
    this.shown = shown;
    if (!before) return;
    const name = (p: string): string => this.titles.get(p) ?? p;
    const added = [...shown].filter((p) => !before.has(p)).map(name);
    const removed = [...before].filter((p) => !shown.has(p)).map(name);
    const parts = [added.length ? `Now asked: ${added.join(", ")}.` : "", removed.length ? `No longer asked: ${removed.join(", ")}.` : ""].filter(Boolean);
    if (parts.length) this.live.textContent = parts.join(" ");
  }
}

/** The field's description and what its schema allows, in words. */
function hintOf(f: FormField): string {
  const parts: string[] = [];
  if (f.description) parts.push(f.description);
  if (f.minLength !== undefined && f.maxLength !== undefined) parts.push(`${f.minLength}–${f.maxLength} characters.`);
  else if (f.maxLength !== undefined) parts.push(`At most ${f.maxLength} characters.`);
  else if (f.minLength !== undefined && f.minLength > 1) parts.push(`At least ${f.minLength} characters.`);
  if (f.minimum !== undefined && f.maximum !== undefined) parts.push(`From ${f.minimum} to ${f.maximum}.`);
  if (f.pattern !== undefined) parts.push(`Pattern ${f.pattern}.`);
  if (f.format !== undefined && f.widget !== "file") parts.push(`Format: ${f.format}.`);
  if (f.maxItems !== undefined) parts.push(`At most ${f.maxItems} entries.`);
  if (f.readOnly) parts.push("Set by the server.");
  if (f.document) {
    const needs = [`documentType ${f.document.documentTypes.map((t) => t.label).join(" or ")}`];
    if (f.document.issuedCountryRequired) needs.push("issuedCountry");
    if (f.document.refIdRequired) needs.push(f.document.refId ? `refId ${f.document.refId}` : "this entity's refId, once saved");
    parts.push(`A document: upload it as datum ${f.document.datumName} with ${needs.join(", ")}; then enter its documentId here.`);
  }
  return parts.join(" ");
}
