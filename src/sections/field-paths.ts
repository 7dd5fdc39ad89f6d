// Ajv errors → the server's 422 entries: dot paths prefixed with the section, the failing keyword
// as the code, one readable message; `if` wrappers dropped and `anyOf`/`oneOf` branch noise
// collapsed into one entry. The same errors also become Standard Schema issues (key arrays).
import type { FieldError } from "../errors.js";
import type { CheckError } from "./checks.js";
import { unescapeSegment } from "./json-pointer.js";
import { isObject } from "./schema-node.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

type ErrorObject = CheckError;

/** A key of a path: a property name, or an array index. */
export type PathKey = string | number;

/** One error where it is: keys from the validated value's root, code and message. */
export interface LocatedError {
  at: PathKey[];
  code: string;
  message: string;
}

/** The field errors of one section, from Ajv's errors for its payload. */
export function toFieldErrors(section: string, errors: readonly ErrorObject[], data: unknown): FieldError[] {
  return locateErrors(errors, data).map((e) => ({ path: [section, ...e.at].join("."), code: e.code, message: e.message }));
}

/** Standard Schema issues (paths from the section's root), from Ajv's errors for a payload. */
export function toIssues(errors: readonly ErrorObject[], data: unknown): StandardSchemaV1.Issue[] {
  return locateErrors(errors, data).map((e) => ({ message: e.message, path: e.at }));
}

/** One entry per cause, with its keys; duplicates (same place, code and message) dropped. */
export function locateErrors(errors: readonly ErrorObject[], data: unknown): LocatedError[] {
  const out: LocatedError[] = [];
  const seen = new Set<string>();
  const push = (entry: LocatedError): void => {
    const key = `${JSON.stringify(entry.at)}\u0000${entry.code}\u0000${entry.message}`;
    if (!seen.has(key)) out.push(entry);
    seen.add(key);
  };
  const kept = collapseBranches(errors.filter((e) => e.keyword !== "if"));
  for (const item of kept) {
    if ("branches" in item) push(branchSummary(item.error, item.branches, data));
    else push({ at: keysOf(item, data), code: codeOf(item), message: messageOf(item) });
  }
  // A refusal is never reported as no error: were only `if` wrappers left, the branch is named.
  const wrapper = errors.find((e) => e.keyword === "if");
  if (!out.length && wrapper) push({ at: keysOf(wrapper, data), code: "if", message: `must match the "${String(wrapper.params.failingKeyword ?? "then")}" branch of its condition` });
  return out;
}

/** An `anyOf`/`oneOf` failure with the errors of its branches (not yet split by branch). */
interface Collapsed {
  error: ErrorObject;
  branches: ErrorObject[];
}

/**
 * Replaces each failing `anyOf`/`oneOf` and its branch errors with one item, and drops the item
 * errors under a failing `contains`. Ajv reports a
 * branch's errors right before the combinator's own error, so the block is found by walking
 * back over errors at or under its instance path that are not siblings of the combinator.
 */
function collapseBranches(errors: readonly ErrorObject[]): (ErrorObject | Collapsed)[] {
  const out: (ErrorObject | Collapsed)[] = [];
  for (let i = errors.length - 1; i >= 0; i--) {
    const error = errors[i]!;
    const combinator = error.keyword === "anyOf" || error.keyword === "oneOf";
    if (!combinator && error.keyword !== "contains") {
      out.push(error);
      continue;
    }
    const parent = error.schemaPath.slice(0, error.schemaPath.lastIndexOf("/"));
    let start = i;
    while (start > 0 && inBranch(errors[start - 1]!, error, parent)) start--;
    // `contains` fails with the error of every item that did not match: only its own error says what is wrong.
    out.push(combinator ? { error, branches: errors.slice(start, i) } : error);
    i = start;
  }
  return out.reverse();
}

function inBranch(candidate: ErrorObject, combinator: ErrorObject, parent: string): boolean {
  const under = candidate.instancePath === combinator.instancePath || candidate.instancePath.startsWith(`${combinator.instancePath}/`);
  if (!under) return false;
  if (candidate.schemaPath.startsWith(`${combinator.schemaPath}/`)) return true;
  // An error from elsewhere in the same schema object is a sibling keyword's; one from another
  // place entirely came through a `$ref` inside a branch.
  return !candidate.schemaPath.startsWith(`${parent}/`);
}

/**
 * Splits a block of branch errors by branch index. An error reached through a `$ref` carries a
 * path inside the reference's target (from the target's resource, or from the target itself when
 * Ajv calls it as a function): it belongs to the branch that is that reference (the combinator's
 * own schema is in the error with Ajv's `verbose`), to the reference branch being read, or else
 * to the next reference branch.
 */
function groupByBranch(block: readonly ErrorObject[], combinator: ErrorObject): ErrorObject[][] {
  const refTargets = (Array.isArray(combinator.schema) ? combinator.schema : []).map((branch: unknown) => {
    const ref = typeof branch === "object" && branch !== null ? (branch as { $ref?: unknown }).$ref : undefined;
    return typeof ref === "string" && ref.includes("#") ? `${ref.slice(ref.indexOf("#"))}/` : undefined;
  });
  const refBranches = refTargets.flatMap((prefix, i) => (prefix === undefined ? [] : [i]));
  const groups = new Map<number, ErrorObject[]>();
  let current = -1;
  for (const error of block) {
    const own = error.schemaPath.startsWith(`${combinator.schemaPath}/`) ? /^(\d+)/.exec(error.schemaPath.slice(combinator.schemaPath.length + 1)) : null;
    const viaRef = refTargets.findIndex((prefix) => prefix !== undefined && error.schemaPath.startsWith(prefix));
    if (own) current = Number(own[1]);
    else if (viaRef >= 0) current = viaRef;
    else if (!refBranches.includes(current)) current = refBranches.find((i) => i > current) ?? refBranches[0] ?? current;
    const list = groups.get(current) ?? [];
    list.push(error);
    groups.set(current, list);
  }
  return [...groups.values()];
}

/** One entry for a failed `anyOf`/`oneOf`: what the closest branch lacks. */
function branchSummary(error: ErrorObject, block: readonly ErrorObject[], data: unknown): LocatedError {
  const at = keysOf(error, data);
  const passing = error.params.passingSchemas;
  if (Array.isArray(passing)) {
    return { at, code: error.keyword, message: `must match exactly one allowed shape, but matches shapes ${passing.map((n) => Number(n) + 1).join(" and ")}` };
  }
  const closest = [...groupByBranch(block, error)].sort((a, b) => a.length - b.length)[0] ?? [];
  const details = closest.map((e) => {
    const relative = keysOf(e, data).slice(at.length).join(".");
    const message = messageOf(e);
    return relative && !message.startsWith(relative) ? `${relative} ${message}` : message;
  });
  const shapes = error.keyword === "oneOf" ? "must match exactly one allowed shape" : "must match one of the allowed shapes";
  return { at, code: error.keyword, message: details.length ? `${shapes} (closest: ${details.join("; ")})` : shapes };
}

/**
 * The keys of the value an error is about, extended by the property a `required` or
 * `additionalProperties` error names; a key is a number where the data holds an array there.
 */
export function keysOf(error: ErrorObject, data: unknown): PathKey[] {
  const keys: PathKey[] = [];
  let current: unknown = data;
  if (error.instancePath !== "") {
    for (const raw of error.instancePath.slice(1).split("/")) {
      const segment = unescapeSegment(raw);
      const index = Array.isArray(current) && /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
      keys.push(index ?? segment);
      current = index !== undefined ? (current as unknown[])[index] : isObject(current) && Object.hasOwn(current, segment) ? current[segment] : undefined;
    }
  }
  const params = error.params;
  const extra = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty ?? params.propertyName;
  if (typeof extra === "string") keys.push(extra);
  return keys;
}

function codeOf(error: ErrorObject): string {
  return error.keyword === "false schema" ? "false" : error.keyword;
}

const formatNames: Record<string, string> = {
  date: "date (YYYY-MM-DD)",
  "date-time": "date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)",
  time: "time (HH:MM:SS with a zone)",
  email: "email address",
  uri: "URI",
  "uri-reference": "URI reference",
  url: "URL",
  uuid: "UUID",
  ipv4: "IPv4 address",
  ipv6: "IPv6 address",
  hostname: "hostname",
};

const literal = (value: unknown): string => JSON.stringify(value) ?? String(value);
const plural = (n: unknown, word: string): string => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

/** One readable line, in the server's style (`legalName is required`, `must have at most 4 items`). */
export function messageOf(error: ErrorObject): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return `${String(p.missingProperty)} is required`;
    case "dependentRequired":
      return `${String(p.missingProperty)} is required when ${String(p.property)} is present`;
    case "additionalProperties":
      return `${String(p.additionalProperty)} is not an allowed field`;
    case "unevaluatedProperties":
      return `${String(p.unevaluatedProperty)} is not an allowed field`;
    case "unevaluatedItems":
    case "items":
      return typeof p.limit === "number" ? `must have at most ${plural(p.limit, "item")}` : "must not have items the schema does not describe";
    case "type":
      return `must be ${String(p.type).split(",").map((t) => (t === "null" ? "null" : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(" or ")}`;
    case "enum":
      return `must be one of: ${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map(literal).join(", ")}`;
    case "const":
      return `must be ${literal(p.allowedValue)}`;
    case "minLength":
      return p.limit === 1 ? "must not be empty" : `must be at least ${plural(p.limit, "character")} long`;
    case "maxLength":
      return `must be at most ${plural(p.limit, "character")} long`;
    case "pattern":
      return `must match the pattern ${String(p.pattern)}`;
    case "format":
      return `must be a valid ${formatNames[String(p.format)] ?? String(p.format)}`;
    case "minimum":
      return `must be at least ${String(p.limit)}`;
    case "maximum":
      return `must be at most ${String(p.limit)}`;
    case "exclusiveMinimum":
      return `must be greater than ${String(p.limit)}`;
    case "exclusiveMaximum":
      return `must be less than ${String(p.limit)}`;
    case "multipleOf":
      return `must be a multiple of ${String(p.multipleOf)}`;
    case "minItems":
      return `must have at least ${plural(p.limit, "item")}`;
    case "maxItems":
      return `must have at most ${plural(p.limit, "item")}`;
    case "uniqueItems":
      return `must not contain duplicates (items ${Math.min(Number(p.i), Number(p.j))} and ${Math.max(Number(p.i), Number(p.j))} are equal)`;
    case "minProperties":
      return `must have at least ${plural(p.limit, "field")}`;
    case "maxProperties":
      return `must have at most ${plural(p.limit, "field")}`;
    case "contains":
      return `must contain at least ${plural(p.minContains ?? 1, "matching item")}${p.maxContains === undefined ? "" : ` and at most ${String(p.maxContains)}`}`;
    case "not":
      return "must not match the excluded shape";
    case "false schema":
      return "is not allowed";
    case "propertyNames":
      return `field name ${literal(p.propertyName)} is not allowed`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
