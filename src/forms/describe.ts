// `describeForm`: the application schema and the answers so far, as a form model. Pure and
// synchronous; reads only `validator.schema` and calls `validator.validateData`, so the runtime
// validator and a precompiled one give the same model, in browsers and on the edge alike.
import { type FieldError, InvalidRequestError } from "../errors.js";
import { isObject, type JsonValue, type SchemaObject } from "../sections/schema-node.js";
import { answerOf, contextOf, dotPath, type Scope, unanswered } from "./conditions.js";
import { type FieldView, fieldView } from "./field-schema.js";
import { forEachField } from "./each-field.js";
import { humanize } from "./labels.js";
import { type TraitsEntry, traitsOf } from "./traits.js";
import type { UntypedSections } from "../sections/contract.js";
import type { ApplicationDraft, DescribeFormOptions, FormField, FormItem, FormModel, FormOptions, FormSection, FormValidator } from "./model.js";
import { mergedPlan, type Member, objectPlan, type ObjectPlan } from "./plan.js";
import { gateVerdict, memberStatus, type ObjectState, objectState, type Visibility, within } from "./status.js";

/** Where fields sit: the container's visibility, whether its required fields apply, and the entity they belong to. */
interface Container {
  visibility: Visibility;
  waitsFor: readonly string[];
  /** The container holds data or is itself required: its required fields apply. */
  active: boolean;
  /** The array entity the fields belong to (document datums need its `refId`). */
  entity: { refId?: string } | undefined;
}

interface Context {
  scope: Scope;
  root: SchemaObject;
}

/**
 * The application as a form, given the answers so far (`{sectionName: payload}`, partial): every
 * section and field with its path, widget, options, constraints, visibility (visible, hidden or
 * pending), requirement, value and the validator's errors.
 * @throws InvalidRequestError when `data` is not an object, or `options.sections` names no section
 */
export function describeForm<S extends object = UntypedSections>(validator: FormValidator<S>, data: ApplicationDraft<S>, options: DescribeFormOptions<S> = {}): FormModel<S> {
  const root = schemaOf(validator);
  const answers = dataOf(data);
  const names = sectionNames(root);
  const only: readonly string[] | undefined = options.sections;
  if (only) {
    const unknown = only.find((name) => !names.includes(name));
    if (unknown !== undefined) throw new InvalidRequestError("options.sections", `section names among ${names.join(", ")}; got ${JSON.stringify(unknown)}`);
  }
  const model = buildModel(root, answers, options, only);
  // Validate what is described; without a selection, names that are not sections are errors too.
  const validated: Record<string, unknown> = {};
  for (const key of Object.keys(answers)) if (!only || only.includes(key)) validated[key] = answers[key];
  const errors = validator.validateData(validated);
  attachErrors(model, errors);
  model.errors = errors;
  return model as FormModel<S>;
}

/** The model without errors (for `prune`, which only needs visibility). */
export function buildModel(root: SchemaObject, data: Record<string, unknown>, options: FormOptions, only?: readonly string[]): FormModel {
  const context: Context = { scope: { root, context: contextOf(options.context) }, root };
  const plan = objectPlan(root, root);
  const state = objectState(data, []);
  const sections: FormSection[] = [];
  for (const name of sectionNames(root)) {
    if (only && !only.includes(name)) continue;
    const member = plan.byName.get(name) ?? { name, declarations: [], requirements: [] };
    sections.push(sectionOf(context, member, state, data));
  }
  return { ...(typeof root.title === "string" ? { title: root.title } : {}), sections, errors: [] };
}

/** The validator's schema, checked to be an application schema. */
export function schemaOf(validator: FormValidator<object>): SchemaObject {
  const schema: unknown = isObject(validator) ? validator.schema : undefined;
  if (!isObject(schema) || !isObject(schema.properties)) {
    throw new InvalidRequestError("validator", "a section validator whose `schema` is an application schema (`properties` are the sections)");
  }
  return schema;
}

/** The answers, checked to be an object keyed by section. */
export function dataOf(data: unknown): Record<string, unknown> {
  if (!isObject(data)) throw new InvalidRequestError("data", "an object keyed by section name (the answers so far)");
  return data;
}

/** Sections: the root's `properties`, then any declared only in a top-level conditional branch. */
function sectionNames(root: SchemaObject): string[] {
  const names = Object.keys(root.properties as object);
  for (const member of objectPlan(root, root).members) if (!names.includes(member.name)) names.push(member.name);
  return names;
}

function sectionOf(context: Context, member: Member, state: ObjectState, data: Record<string, unknown>): FormSection {
  const { scope, root } = context;
  const name = member.name;
  const own = memberStatus(scope, state, member);
  const view = viewOf(context, member, state);
  const present = data[name] !== undefined && Object.hasOwn(data, name);
  const value = data[name] as JsonValue;
  const required = own.required && own.visibility === "visible";
  const place = { visibility: own.visibility, waitsFor: own.waitsFor };
  const section: FormSection = {
    name,
    path: name,
    title: view.title ?? humanize(name),
    ...(view.description === undefined ? {} : { description: view.description }),
    kind: view.type === "array" ? "array" : "object",
    visibility: own.visibility,
    required,
    waitsFor: own.waitsFor,
    ...(present ? { value } : {}),
    fields: [],
    errors: [],
  };
  if (section.kind === "array") {
    const { minItems, maxItems } = view.constraints;
    if (minItems !== undefined) section.minItems = minItems;
    if (maxItems !== undefined) section.maxItems = maxItems;
    const list = listOf(context, [name], fieldView(root, view.items), value, place);
    section.items = list.items;
    section.newItem = list.newItem;
    section.fields = list.items.flatMap((item) => item.fields);
  } else {
    const answer = answerOf(scope, data, name, [name]);
    const container: Container = { ...place, active: present || required, entity: undefined };
    section.fields = fieldsOf(context, mergedPlan(root, view.nodes), objectState(isObject(answer) ? answer : unanswered, [name]), container);
  }
  return section;
}

const unconditionalViews = new WeakMap<Member, FieldView>();

/** The declarations that may apply (all of them when none can: a hidden field still has a shape). */
function viewOf(context: Context, member: Member, state: ObjectState): FieldView {
  const cached = unconditionalViews.get(member);
  if (cached) return cached;
  if (member.declarations.every((d) => d.gate.length === 0)) {
    const view = fieldView(context.root, member.declarations.map((d) => d.schema));
    unconditionalViews.set(member, view);
    return view;
  }
  const applying = member.declarations.filter((d) => gateVerdict(context.scope, state, d.gate).truth !== false);
  return fieldView(context.root, (applying.length ? applying : member.declarations).map((d) => d.schema));
}

function fieldsOf(context: Context, plan: ObjectPlan, state: ObjectState, container: Container): FormField[] {
  const prefix = state.path.length ? `${dotPath(state.path)}.` : "";
  return plan.members.map((member) => {
    const own = memberStatus(context.scope, state, member);
    const place = within(container, own);
    const name = member.name;
    const present = isObject(state.value) && state.value[name] !== undefined && Object.hasOwn(state.value, name);
    const path = [...state.path, name];
    const view = viewOf(context, member, state);
    return fieldOf(context, {
      name,
      path,
      dot: prefix + name,
      view,
      traits: unconditionalViews.get(member) === view ? traitsOfMember(context, member, view) : undefined,
      visibility: place.visibility,
      waitsFor: place.waitsFor,
      required: own.required && place.visibility === "visible" && container.active,
      present,
      value: present ? (state.value as Record<string, unknown>)[name] : undefined,
      answer: answerOf(context.scope, state.value, name, path),
      entity: container.entity,
    });
  });
}

const memberTraits = new WeakMap<Member, TraitsEntry>();

/** The traits of a member declared without conditions, found once. */
function traitsOfMember(context: Context, member: Member, view: FieldView): TraitsEntry {
  let entry = memberTraits.get(member);
  if (!entry) memberTraits.set(member, (entry = traitsOf(context.root, view, member.name)));
  return entry;
}

/** Everything needed to build one field. */
interface FieldSpec {
  name: string;
  path: readonly string[];
  view: FieldView;
  visibility: Visibility;
  waitsFor: readonly string[];
  required: boolean;
  present: boolean;
  value: unknown;
  /** The value as conditions see it (a context value stands in for a missing answer). */
  answer: unknown;
  entity: { refId?: string } | undefined;
  /** The dot path. */
  dot: string;
  /** The traits, when already looked up. */
  traits?: TraitsEntry | undefined;
}

function fieldOf(context: Context, spec: FieldSpec): FormField {
  const { view, name, entity } = spec;
  const { traits, document, itemView, template } = spec.traits ?? traitsOf(context.root, view, name);
  // This runs for every field on every keystroke: a copy of a template of the same shape.
  const field: FormField = { ...template };
  field.path = spec.dot;
  field.required = spec.required;
  field.visibility = spec.visibility;
  field.waitsFor = spec.waitsFor;
  if (spec.present) field.value = spec.value as JsonValue;
  if (entity !== undefined && name === "refId") field.readOnly = true;
  field.errors = [];
  if (document) {
    field.document = {
      datumName: name,
      documentTypes: document.documentTypes,
      issuedCountryRequired: document.issuedCountryRequired,
      refIdRequired: entity !== undefined,
      ...(entity?.refId === undefined ? {} : { refId: entity.refId }),
    };
  }
  const widget = traits.widget;
  const place = { visibility: spec.visibility, waitsFor: spec.waitsFor };
  if (widget === "group") {
    const container: Container = { ...place, active: spec.present || spec.required, entity: spec.entity };
    field.fields = fieldsOf(context, mergedPlan(context.root, view.nodes), objectState(isObject(spec.answer) ? spec.answer : unanswered, spec.path), container);
  } else if (widget === "list") {
    const list = listOf(context, spec.path, itemView ?? fieldView(context.root, [true]), spec.value, place);
    field.items = list.items;
    field.newItem = list.newItem;
  }
  return field;
}

/** The items of an array (entities or plain values), and the item a new entry would be. */
function listOf(
  context: Context,
  path: readonly string[],
  itemView: FieldView,
  value: unknown,
  place: { visibility: Visibility; waitsFor: readonly string[] },
): { items: FormItem[]; newItem: FormItem } {
  const array = Array.isArray(value) ? value : [];
  const entities = itemView.type === "object";
  const plan = entities ? mergedPlan(context.root, itemView.nodes) : undefined;
  const item = (index: number, present: boolean): FormItem => {
    const itemPath = [...path, String(index)];
    const itemValue: unknown = present ? array[index] : undefined;
    if (plan) {
      const refId = isObject(itemValue) && typeof itemValue.refId === "string" ? itemValue.refId : undefined;
      const entity = refId === undefined ? {} : { refId };
      const container: Container = { ...place, active: true, entity };
      const fields = fieldsOf(context, plan, objectState(isObject(itemValue) ? itemValue : unanswered, itemPath), container);
      return { index, path: dotPath(itemPath), ...entity, fields };
    }
    const field = fieldOf(context, {
      name: String(index),
      path: itemPath,
      dot: dotPath(itemPath),
      view: itemView,
      ...place,
      required: present && place.visibility === "visible",
      present,
      value: itemValue,
      answer: present ? itemValue : unanswered,
      entity: undefined,
    });
    return { index, path: dotPath(itemPath), fields: [field] };
  };
  return { items: array.map((_, i) => item(i, true)), newItem: item(array.length, false) };
}

/** Puts each error on the deepest field whose path starts its path, else on its section. */
function attachErrors(model: FormModel, errors: readonly FieldError[]): void {
  if (errors.length === 0) return;
  const fields = new Map<string, FormField>();
  const sections = new Map(model.sections.map((s) => [s.name, s]));
  for (const section of model.sections) forEachField(section.fields, (field) => fields.set(field.path, field));
  for (const error of errors) {
    const segments = error.path.split(".");
    let holder: FormField | undefined;
    for (let n = segments.length; n > 1 && !holder; n--) holder = fields.get(segments.slice(0, n).join("."));
    if (holder) holder.errors.push(error);
    else sections.get(segments[0]!)?.errors.push(error);
  }
}
