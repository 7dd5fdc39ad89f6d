// The form model `describeForm` returns: plain data (no classes, no functions), so it can be
// rendered by any framework, posted to a worker or printed as JSON.
import type { FieldError } from "../errors.js";
import type { SectionNameOf, UntypedSections } from "../sections/contract.js";
import type { JsonValue, SchemaObject } from "../sections/schema-node.js";
import type { Constraints, JsonType } from "./field-schema.js";
import type { Visibility } from "./status.js";
import type { Widget } from "./widgets.js";

export type { Constraints, JsonType, Visibility, Widget };

/** A choice of an enum (or Yes/No for a boolean that decides a condition). */
export interface FormOption {
  /** The value to store. */
  value: JsonValue;
  /** A readable label: the schema's `title` for the value, else the value in words. */
  label: string;
}

/** What an upload to a document datum (a field with `x-documentTypes`) must send besides the file. */
export interface DocumentDatum {
  /** The `datumName` of the upload: the field's name. */
  datumName: string;
  /** The `documentType` values the datum accepts, with labels. */
  documentTypes: readonly FormOption[];
  /** `issuedCountry` must be sent: the datum takes an identity document. */
  issuedCountryRequired: boolean;
  /** `refId` must be sent: the datum belongs to an entity of an array section. */
  refIdRequired: boolean;
  /** The entity's `refId`, once the server has assigned one. */
  refId?: string;
}

/** One entity of an array (an array section's entity, or an item of a list field). */
export interface FormItem {
  /** Its index in the array. */
  index: number;
  /** Its dot path: `beneficial_owners.0`. */
  path: string;
  /** Its `refId`, when the server has assigned one. */
  refId?: string;
  /** Its fields; for an array of plain values, one field holding the item. */
  fields: FormField[];
}

/** One field of the form. */
export interface FormField extends Constraints {
  /** The dot path the server's 422 errors use: `beneficial_owners.0.firstName`. */
  path: string;
  /** The property name (the `datumName` of a document datum). */
  name: string;
  /** The schema's `title`, else the name in words. */
  title: string;
  description?: string;
  /** The JSON type (the first one besides `null` when the schema allows several). */
  type?: JsonType;
  /** The schema also allows `null`. */
  nullable: boolean;
  /** The kind of control that suits the field. */
  widget: Widget;
  /** A checkbox group holding several values (an array of enum values). */
  multiple: boolean;
  /** The allowed values, for `select`, `radio` and multiple `checkbox`. */
  options?: readonly FormOption[];
  format?: string;
  /** Required given the answers so far (never while pending). */
  required: boolean;
  visibility: Visibility;
  /** The unanswered fields (dot paths) its visibility or requirement waits for. */
  waitsFor: readonly string[];
  /** The current answer, when there is one. */
  value?: JsonValue;
  /** The schema's `default`. */
  default?: JsonValue;
  /** Set by the server (`readOnly`, or an entity's `refId`): shown, not edited. */
  readOnly: boolean;
  /** The validator's errors for this path (and below it, when nothing below is a field). */
  errors: FieldError[];
  /** For a document datum: what its upload needs. */
  document?: DocumentDatum;
  /** For a `group` (an object): its fields. */
  fields?: FormField[];
  /** For a `list`: its current items. */
  items?: FormItem[];
  /** For a `list`: the item a new entry would be, at the next index. */
  newItem?: FormItem;
}

/** One section of the application; `Name` is the section names of the validator's payload map. */
export interface FormSection<Name extends string = string> {
  /** The section name, as `sections.save` takes it. */
  name: Name;
  /** The same as `name`: the prefix of its fields' paths. */
  path: string;
  /** The schema's `title`, else the name in words. */
  title: string;
  description?: string;
  /** A flat section holds an object; an array section holds entities (beneficial owners, directors). */
  kind: "object" | "array";
  minItems?: number;
  maxItems?: number;
  /** Switched on, off, or waiting for answers by the schema's top-level conditions. */
  visibility: Visibility;
  /** Required for submission given the answers so far. */
  required: boolean;
  /** The unanswered fields (dot paths) its visibility or requirement waits for. */
  waitsFor: readonly string[];
  /** The section's data, when there is some. */
  value?: JsonValue;
  /** Its fields; for an array section, the fields of every entity in order. */
  fields: FormField[];
  /** For an array section: its entities. */
  items?: FormItem[];
  /** For an array section: the entity a new one would be, at the next index. */
  newItem?: FormItem;
  /** The validator's errors in this section that no field holds (`maxItems`, an unknown field). */
  errors: FieldError[];
}

/** The whole application as a form, given the answers so far; `S` is the validator's section payload map. */
export interface FormModel<S extends object = UntypedSections> {
  /** The schema's `title`. */
  title?: string;
  /** Every section, in schema order (hidden ones included, marked hidden). */
  sections: FormSection<SectionNameOf<S>>[];
  /** Every error the validator reports for the data, as a bulk save would get them. */
  errors: FieldError[];
}

/** What `describeForm` needs of a validator: the runtime one (`createSchemaValidator`) and a precompiled `validate.js` both fit. */
export interface FormValidator<S extends object = UntypedSections> {
  /** The application schema. */
  readonly schema: SchemaObject;
  /** Field errors of a bulk-save payload keyed by section name. */
  validateData(data: Record<string, unknown>): FieldError[];
  /** Types only: the section payload map (`SectionPayloads`) that types the answers. */
  readonly types?: { readonly sections: S } | undefined;
}

/** A value being filled in: any of its fields may still be missing (or `undefined`, as form state holds a cleared field), at any depth. */
export type Draft<T> = T extends readonly (infer Item)[] ? Draft<Item>[] : T extends object ? { [K in keyof T]?: Draft<Exclude<T[K], undefined>> | undefined } : T;

/** The answers so far, keyed by section: any section, any subset of its fields (any object when the sections are untyped). */
export type ApplicationDraft<S extends object = UntypedSections> = string extends keyof S ? Record<string, unknown> : { [K in keyof S]?: Draft<S[K]> };

/** Options of `describeForm`, `prune` and `resolveSchema`. */
export interface FormOptions {
  /**
   * Values known outside the form that conditions may test, such as the `natureOfBusiness` given
   * when the client was created: keyed by dot path (`basicBusinessInfo.natureOfBusiness`) or by a
   * bare field name that applies wherever that field is unanswered. Answers in the data win.
   */
  context?: Readonly<Record<string, JsonValue>>;
}

/** Options of `describeForm`. */
export interface DescribeFormOptions<S extends object = UntypedSections> extends FormOptions {
  /** Describe only these sections (what one keystroke needs); conditions still read all the data. */
  sections?: readonly SectionNameOf<S>[];
}
