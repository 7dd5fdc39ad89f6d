// Three-valued evaluation of a JSON Schema against answers still being given. A field the user has
// not answered is neither present nor absent yet: a condition that depends on it is undecided,
// which is how Circle's `?resolved=true` treats it (the branch is kept). Where this evaluator
// cannot decide a keyword (`format`, `unevaluated*`, an unresolvable `$ref`), it says "unknown"
// rather than guess.
import { resolveRef } from "../sections/json-pointer.js";
import { acceptsEverything, isObject, type JsonSchema, jsonEqual, type SchemaObject } from "../sections/schema-node.js";

/** `true`, `false`, or `"unknown"` while the answers it depends on are missing. */
export type Truth = boolean | "unknown";

/** A truth and, when it is unknown, the dot paths of the unanswered fields it waits for. */
export interface Verdict {
  readonly truth: Truth;
  /** Unanswered fields whose answers can decide it; empty when known, or when no answer can (an undecidable keyword). */
  readonly waitsFor: readonly string[];
}

/** Stands for a value the user has not given (yet). */
export const unanswered: unique symbol = Symbol("unanswered");

/** What an evaluation reads besides the instance: the schema root (for `$ref`) and outside values. */
export interface Scope {
  readonly root: JsonSchema;
  /** Values known outside the form, by dot path (`basicBusinessInfo.natureOfBusiness`) or bare field name. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** A known truth. */
export const yes: Verdict = Object.freeze({ truth: true, waitsFor: [] });
/** A known falsehood. */
export const no: Verdict = Object.freeze({ truth: false, waitsFor: [] });
const undecidable: Verdict = Object.freeze({ truth: "unknown", waitsFor: [] });

/** The dot path of segments, as the server's 422 paths read. */
export const dotPath = (segments: readonly string[]): string => segments.join(".");

const waiting = (path: readonly string[]): Verdict => ({ truth: "unknown", waitsFor: [dotPath(path)] });

/** The context when there is none (a shared object, so lookups can be skipped). */
const noContext: Readonly<Record<string, unknown>> = Object.freeze({});

/** The context of a call: an empty one is {@link noContext}, so a caller passing `{}` (the preview page does) skips lookups too. */
export function contextOf(context: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> {
  return context === undefined || Object.keys(context).length === 0 ? noContext : context;
}

/** The value of `key` in an object as conditions see it: the answer, else a context value, else {@link unanswered}. */
export function answerOf(scope: Scope, object: unknown, key: string, path: readonly string[]): unknown {
  // `undefined` is how form state holds a cleared field; JSON has no such value.
  if (isObject(object) && object[key] !== undefined && Object.hasOwn(object, key)) return object[key];
  const context = scope.context;
  if (context === noContext) return unanswered;
  const full = dotPath(path);
  if (Object.hasOwn(context, full)) return context[full];
  if (Object.hasOwn(context, key)) return context[key];
  // A context value by path implies the objects that hold it.
  const prefix = `${full}.`;
  for (const known in context) if (known.startsWith(prefix)) return {};
  return unanswered;
}

/** Kleene negation. */
export function not(verdict: Verdict): Verdict {
  return verdict.truth === "unknown" ? verdict : verdict.truth ? no : yes;
}

/** Kleene conjunction: false wins, then unknown (waiting for what any unknown part waits for). */
export function allOf(verdicts: Iterable<Verdict>): Verdict {
  return kleene(verdicts, false);
}

/** Kleene disjunction: true wins, then unknown. */
export function anyOf(verdicts: Iterable<Verdict>): Verdict {
  return kleene(verdicts, true);
}

/** The Kleene junction in which `wins` decides alone; unknown next, else the other value. */
function kleene(verdicts: Iterable<Verdict>, wins: boolean): Verdict {
  const waits = new Set<string>();
  let unknown = false;
  for (const v of verdicts) {
    if (v.truth === wins) return wins ? yes : no;
    if (v.truth === "unknown") {
      unknown = true;
      for (const w of v.waitsFor) waits.add(w);
    }
  }
  return unknown ? { truth: "unknown", waitsFor: [...waits] } : wins ? no : yes;
}

/** Exactly one: more than one true is false; one true and no unknown is true. */
function exactlyOne(verdicts: readonly Verdict[]): Verdict {
  const trues = verdicts.filter((v) => v.truth === true).length;
  const unknowns = verdicts.filter((v) => v.truth === "unknown");
  if (trues > 1) return no;
  if (unknowns.length === 0) return trues === 1 ? yes : no;
  return allOf(unknowns);
}

// `$ref` chains deeper than this are treated as cycles: undecidable, never a stack overflow.
const maxDepth = 64;

/** Whether `value` (at `path`) satisfies `schema`, in three-valued logic. */
export function evaluate(scope: Scope, schema: JsonSchema, value: unknown, path: readonly string[]): Verdict {
  return check(scope, schema, value, path, 0);
}

function check(scope: Scope, schema: JsonSchema, value: unknown, path: readonly string[], depth: number): Verdict {
  if (schema === true) return yes;
  // `false` refuses any answer, but an unanswered field may stay absent.
  if (schema === false) return value === unanswered ? waiting(path) : no;
  if (depth > maxDepth) return undecidable;
  if (value === unanswered) {
    if (acceptsEverything(schema)) return yes;
    // An unanswered object is one whose fields are all unanswered: a test of its fields waits for
    // those fields, not for the object as a whole.
    if (!testsFields(schema)) return waiting(path);
    value = {};
  }
  const parts: Verdict[] = [];
  for (const keyword of Object.keys(schema)) {
    const v = keywordVerdict(scope, schema, keyword, value, path, depth);
    if (v === undefined) continue;
    if (v.truth === false) return no;
    if (v.truth === "unknown") parts.push(v);
  }
  return parts.length ? allOf(parts) : yes;
}

/** True when the schema can only be about an object's fields (so an unanswered object is `{}` with unanswered fields). */
function testsFields(schema: SchemaObject): boolean {
  const type = schema.type;
  const objectType = type === undefined || type === "object" || (Array.isArray(type) && type.includes("object"));
  return objectType && (schema.properties !== undefined || schema.required !== undefined);
}

/** The verdict of one keyword; `undefined` for annotations and keywords evaluated with another. */
function keywordVerdict(scope: Scope, schema: SchemaObject, keyword: string, value: unknown, path: readonly string[], depth: number): Verdict | undefined {
  const sub = (s: unknown, v: unknown, p: readonly string[] = path): Verdict => (isSchema(s) ? check(scope, s, v, p, depth + 1) : yes);
  const arg = schema[keyword];
  switch (keyword) {
    case "$ref": {
      const target = typeof arg === "string" ? resolveRef(scope.root, arg, schema) : undefined;
      return target ? sub(target.schema, value) : undecidable;
    }
    case "$dynamicRef":
    case "$recursiveRef":
    case "format":
    case "unevaluatedProperties":
    case "unevaluatedItems":
      return undecidable;
    case "type":
      return typeMatches(arg, value) ? yes : no;
    case "const":
      return jsonEqual(value, arg) ? yes : no;
    case "enum":
      return Array.isArray(arg) && arg.some((v) => jsonEqual(value, v)) ? yes : no;
    case "not":
      return not(sub(arg, value));
    case "allOf":
      return Array.isArray(arg) ? allOf(arg.map((s) => sub(s, value))) : undefined;
    case "anyOf":
      return Array.isArray(arg) ? anyOf(arg.map((s) => sub(s, value))) : undefined;
    case "oneOf":
      return Array.isArray(arg) ? exactlyOne(arg.map((s) => sub(s, value))) : undefined;
    case "if": {
      if (!isSchema(arg)) return undefined;
      const condition = sub(arg, value);
      const then = (): Verdict => sub(schema.then, value);
      const otherwise = (): Verdict => sub(schema.else, value);
      if (condition.truth === true) return then();
      if (condition.truth === false) return otherwise();
      // Undecided: the outcome is known only when both branches agree.
      const t = then();
      const e = otherwise();
      return t.truth === e.truth && t.truth !== "unknown" ? t : undecided([condition, t, e]);
    }
    case "minimum":
      return numeric(value, (n) => n >= Number(arg));
    case "maximum":
      return numeric(value, (n) => n <= Number(arg));
    case "exclusiveMinimum":
      return numeric(value, (n) => n > Number(arg));
    case "exclusiveMaximum":
      return numeric(value, (n) => n < Number(arg));
    case "multipleOf":
      return numeric(value, (n) => isMultiple(n, Number(arg)));
    case "minLength":
      return typeof value === "string" ? (codePoints(value) >= Number(arg) ? yes : no) : undefined;
    case "maxLength":
      return typeof value === "string" ? (codePoints(value) <= Number(arg) ? yes : no) : undefined;
    case "pattern":
      return typeof value === "string" && typeof arg === "string" ? matches(arg, value) : undefined;
    default:
      if (Array.isArray(value)) return arrayKeyword(schema, keyword, value, sub, path);
      if (isObject(value)) return objectKeyword(scope, schema, keyword, value, sub, path);
      return undefined;
  }
}

type Sub = (schema: unknown, value: unknown, path?: readonly string[]) => Verdict;

function arrayKeyword(schema: SchemaObject, keyword: string, value: unknown[], sub: Sub, path: readonly string[]): Verdict | undefined {
  const arg = schema[keyword];
  const at = (i: number): readonly string[] => [...path, String(i)];
  switch (keyword) {
    case "prefixItems":
      return Array.isArray(arg) ? allOf(arg.slice(0, value.length).map((s, i) => sub(s, value[i], at(i)))) : undefined;
    case "items": {
      const start = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
      return allOf(value.slice(start).map((item, i) => sub(arg, item, at(start + i))));
    }
    case "contains": {
      const verdicts = value.map((item, i) => sub(arg, item, at(i)));
      const trues = verdicts.filter((v) => v.truth === true).length;
      const unknowns = verdicts.filter((v) => v.truth === "unknown");
      const min = typeof schema.minContains === "number" ? schema.minContains : 1;
      const max = typeof schema.maxContains === "number" ? schema.maxContains : Number.POSITIVE_INFINITY;
      if (trues > max || trues + unknowns.length < min) return no;
      if (trues >= min && trues + unknowns.length <= max) return yes;
      return allOf(unknowns);
    }
    case "minItems":
      return value.length >= Number(arg) ? yes : no;
    case "maxItems":
      return value.length <= Number(arg) ? yes : no;
    case "uniqueItems":
      return arg !== true || value.every((a, i) => value.findIndex((b) => jsonEqual(a, b)) === i) ? yes : no;
    default:
      return undefined;
  }
}

function objectKeyword(scope: Scope, schema: SchemaObject, keyword: string, value: Record<string, unknown>, sub: Sub, path: readonly string[]): Verdict | undefined {
  const arg = schema[keyword];
  const child = (key: string): readonly string[] => [...path, key];
  const answered = (key: string): boolean => answerOf(scope, value, key, child(key)) !== unanswered;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  switch (keyword) {
    case "properties":
      if (!isObject(arg)) return undefined;
      return allOf(Object.keys(arg).map((key) => sub(arg[key], answerOf(scope, value, key, child(key)), child(key))));
    case "required":
      return Array.isArray(arg) ? allOf(arg.map((key) => (typeof key !== "string" || answered(key) ? yes : waiting(child(key))))) : undefined;
    case "patternProperties": {
      if (!isObject(arg)) return undefined;
      const verdicts: Verdict[] = [];
      for (const pattern of Object.keys(arg)) {
        const re = regex(pattern);
        if (!re) return undecidable;
        for (const key of keys) if (re.test(key)) verdicts.push(sub(arg[pattern], value[key], child(key)));
      }
      return allOf(verdicts);
    }
    case "additionalProperties": {
      const declared = isObject(schema.properties) ? schema.properties : {};
      const patterns = isObject(schema.patternProperties) ? Object.keys(schema.patternProperties).map(regex) : [];
      if (patterns.some((re) => re === undefined)) return undecidable;
      const extra = keys.filter((key) => !Object.hasOwn(declared, key) && !patterns.some((re) => re!.test(key)));
      return allOf(extra.map((key) => sub(arg, value[key], child(key))));
    }
    case "propertyNames":
      return allOf(keys.map((key) => sub(arg, key)));
    case "dependentRequired": {
      if (!isObject(arg)) return undefined;
      return allOf(
        Object.keys(arg).map((trigger) => {
          const missing = (Array.isArray(arg[trigger]) ? (arg[trigger] as unknown[]) : []).filter((k): k is string => typeof k === "string" && !answered(k));
          if (missing.length === 0) return yes;
          // Missing dependants are unanswered (they may still be given), so this is never false.
          return allOf([...(answered(trigger) ? [] : [waiting(child(trigger))]), ...missing.map((k) => waiting(child(k)))]);
        }),
      );
    }
    case "dependentSchemas": {
      if (!isObject(arg)) return undefined;
      return allOf(
        Object.keys(arg).map((trigger) => {
          const verdict = sub(arg[trigger], value);
          if (answered(trigger) || verdict.truth === true) return verdict;
          return allOf([waiting(child(trigger)), asUnknown(verdict)]);
        }),
      );
    }
    case "minProperties":
      return keys.length >= Number(arg) ? yes : waiting(path);
    case "maxProperties":
      return keys.length > Number(arg) ? no : waiting(path);
    default:
      return undefined;
  }
}

/** The verdict as an unknown one (a false branch of an undecided `if` is still only possibly false). */
function asUnknown(v: Verdict): Verdict {
  return v.truth === "unknown" ? v : undecidable;
}

/** Unknown, waiting for everything the given verdicts wait for. */
function undecided(verdicts: readonly Verdict[]): Verdict {
  return { truth: "unknown", waitsFor: [...new Set(verdicts.flatMap((v) => v.waitsFor))] };
}

const isSchema = (value: unknown): value is JsonSchema => typeof value === "boolean" || isObject(value);

function typeMatches(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case "null":
        return value === null;
      case "boolean":
        return typeof value === "boolean";
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "array":
        return Array.isArray(value);
      case "object":
        return isObject(value);
      default:
        return false;
    }
  });
}

function numeric(value: unknown, test: (n: number) => boolean): Verdict | undefined {
  return typeof value === "number" ? (test(value) ? yes : no) : undefined;
}

/** Multiple within float error: 0.3 is a multiple of 0.1. */
function isMultiple(n: number, of: number): boolean {
  if (!(of > 0)) return false;
  const q = n / of;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** Length in code points, as JSON Schema counts it. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const patterns = new Map<string, RegExp | undefined>();

/** The pattern compiled with the `u` flag, as ECMA-262 regular expressions in JSON Schema are; `undefined` when it does not compile. */
function regex(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = undefined;
    }
    patterns.set(pattern, re);
  }
  return patterns.get(pattern);
}

function matches(pattern: string, value: string): Verdict {
  const re = regex(pattern);
  return re ? (re.test(value) ? yes : no) : undecidable;
}
