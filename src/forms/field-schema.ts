// One property's schema as a form reads it: the declarations that apply merged into one view
// (type, annotations, enum values and their titles, constraints, document types), following
// `$ref` and `allOf` in place. The first declaration to state an annotation wins; bounds take the
// strictest value, since every declaration that applies is enforced.
import type { JsonSchema, JsonValue, SchemaObject } from "../sections/schema-node.js";
import { asSchema, isObject } from "../sections/schema-node.js";
import { inPlace } from "./plan.js";

/** The JSON types a field can have. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** The validation keywords a control can mirror (HTML attributes, hints). */
export interface Constraints {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** The merged view of a property's schema. */
export interface FieldView {
  type: JsonType | undefined;
  /** The schema also allows `null`. */
  nullable: boolean;
  title: string | undefined;
  description: string | undefined;
  format: string | undefined;
  default: JsonValue | undefined;
  readOnly: boolean;
  /** Allowed values (`enum`, `const`, or a `oneOf`/`anyOf` of titled `const`s), with titles where the schema gives them. */
  values: { value: JsonValue; title: string | undefined }[] | undefined;
  /** `x-documentTypes`: the field is a document datum. */
  documentTypes: string[] | undefined;
  constraints: Constraints;
  /** Schemas of the array's items (every declaration's `items`). */
  items: JsonSchema[];
  /** The declarations, for the plan of an object's own properties. */
  nodes: JsonSchema[];
}

const lowerBounds = ["minLength", "minimum", "exclusiveMinimum", "minItems"] as const;
const upperBounds = ["maxLength", "maximum", "exclusiveMaximum", "maxItems"] as const;

const views = new WeakMap<object, FieldView>();

/** The view of the declarations that apply to a property (cached when there is one). */
export function fieldView(root: JsonSchema, declarations: readonly JsonSchema[]): FieldView {
  const single = declarations.length === 1 && isObject(declarations[0]) ? declarations[0] : undefined;
  const cached = single && views.get(single);
  if (cached) return cached;
  const view = build(root, declarations);
  if (single) views.set(single, view);
  return view;
}

function build(root: JsonSchema, declarations: readonly JsonSchema[]): FieldView {
  const view: FieldView = {
    type: undefined,
    nullable: false,
    title: undefined,
    description: undefined,
    format: undefined,
    default: undefined,
    readOnly: false,
    values: undefined,
    documentTypes: undefined,
    constraints: {},
    items: [],
    nodes: [...declarations],
  };
  const c = view.constraints as Record<string, number | string | boolean | undefined>;
  let objectLike = false;
  let arrayLike = false;
  for (const declaration of declarations) {
    for (const node of inPlace(root, declaration)) {
      const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
      if (types.includes("null")) view.nullable = true;
      view.type ??= types.find((t): t is JsonType => t !== "null" && typeof t === "string");
      if (typeof node.title === "string") view.title ??= node.title;
      if (typeof node.description === "string") view.description ??= node.description;
      if (typeof node.format === "string") view.format ??= node.format;
      if (node.default !== undefined) view.default ??= node.default as JsonValue;
      if (node.readOnly === true) view.readOnly = true;
      const documentTypes = node["x-documentTypes"];
      if (Array.isArray(documentTypes)) view.documentTypes ??= documentTypes.filter((t): t is string => typeof t === "string");
      view.values ??= valuesOf(node);
      for (const k of lowerBounds) if (typeof node[k] === "number") c[k] = Math.max((c[k] as number | undefined) ?? -Infinity, node[k]);
      for (const k of upperBounds) if (typeof node[k] === "number") c[k] = Math.min((c[k] as number | undefined) ?? Infinity, node[k]);
      if (typeof node.pattern === "string") c.pattern ??= node.pattern;
      if (typeof node.multipleOf === "number") c.multipleOf ??= node.multipleOf;
      if (node.uniqueItems === true) c.uniqueItems = true;
      const items = asSchema(node.items);
      if (items !== undefined) view.items.push(items);
      objectLike ||= node.properties !== undefined || node.required !== undefined;
      arrayLike ||= node.items !== undefined || node.prefixItems !== undefined;
    }
  }
  view.type ??= objectLike ? "object" : arrayLike ? "array" : typeOfValues(view.values);
  return view;
}

/** `enum`, `const`, or a `oneOf`/`anyOf` whose branches are each a `const` (with an optional title). */
function valuesOf(node: SchemaObject): FieldView["values"] {
  const titled = titledConsts(node);
  if (Array.isArray(node.enum)) {
    const titles = new Map(titled?.map((t) => [JSON.stringify(t.value), t.title]));
    return node.enum.map((value: JsonValue) => ({ value, title: titles.get(JSON.stringify(value)) }));
  }
  if (node.const !== undefined) return [{ value: node.const as JsonValue, title: typeof node.title === "string" ? node.title : undefined }];
  return titled;
}

function titledConsts(node: SchemaObject): FieldView["values"] {
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = node[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    if (!branches.every((b) => isObject(b) && b.const !== undefined)) continue;
    return branches.map((b: SchemaObject) => ({ value: b.const as JsonValue, title: typeof b.title === "string" ? b.title : undefined }));
  }
  return undefined;
}

function typeOfValues(values: FieldView["values"]): JsonType | undefined {
  const first = values?.find((v) => v.value !== null)?.value;
  if (first === undefined) return undefined;
  if (Array.isArray(first)) return "array";
  if (typeof first === "object") return "object";
  return typeof first === "number" ? (Number.isInteger(first) ? "integer" : "number") : (typeof first as JsonType);
}
