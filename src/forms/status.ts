// Whether a property of an object is visible and required, given the answers in that object.
// A property is conditional when the schema mentions it only under conditions: required only in
// `then`/`else` (or by `dependentRequired`), or declared only there (Circle declares conditional
// fields inside `then`). It is visible when one of those conditions holds, hidden when none can,
// and pending while they wait for answers. A pending property is not required.
import { type Scope, type Verdict, allOf, anyOf, answerOf, evaluate, not, unanswered, yes } from "./conditions.js";
import type { Gate, Literal, Member } from "./plan.js";

/** Visible, hidden (a condition certainly fails), or pending (a condition waits for an answer). */
export type Visibility = "visible" | "hidden" | "pending";

/** An object instance whose properties are being described, with its conditions' verdicts cached. */
export interface ObjectState {
  /** The object as answered (a plain object), or {@link unanswered}. */
  readonly value: unknown;
  /** Its path from the application root: `["beneficial_owners", "0"]`. */
  readonly path: readonly string[];
  readonly cache: Map<object, Verdict>;
}

/** A property's own standing in its object. */
export interface Status {
  readonly visibility: Visibility;
  readonly required: boolean;
  /** The unanswered fields (dot paths) that can change its visibility or requirement. */
  readonly waitsFor: readonly string[];
}

/** A fresh state for an object instance. */
export function objectState(value: unknown, path: readonly string[]): ObjectState {
  return { value, path, cache: new Map() };
}

function literalVerdict(scope: Scope, object: ObjectState, literal: Literal): Verdict {
  if (literal.kind === "present") {
    const path = [...object.path, literal.name];
    return answerOf(scope, object.value, literal.name, path) === unanswered ? { truth: "unknown", waitsFor: [path.join(".")] } : yes;
  }
  const key = typeof literal.schema === "object" ? literal.schema : literal;
  let verdict = object.cache.get(key);
  if (!verdict) object.cache.set(key, (verdict = evaluate(scope, literal.schema, object.value, object.path)));
  return literal.expect ? verdict : not(verdict);
}

/** Whether every condition of a gate holds. */
export function gateVerdict(scope: Scope, object: ObjectState, gate: Gate): Verdict {
  if (gate.length === 0) return yes;
  if (gate.length === 1) return literalVerdict(scope, object, gate[0]!);
  return allOf(gate.map((literal) => literalVerdict(scope, object, literal)));
}

const plainField: Status = Object.freeze({ visibility: "visible", required: false, waitsFor: Object.freeze([]) as readonly string[] });
const requiredField: Status = Object.freeze({ visibility: "visible", required: true, waitsFor: Object.freeze([]) as readonly string[] });
const fixed = new WeakMap<Member, Status | null>();

/** The status of a property no condition touches (most of them), or `null`. */
function fixedStatus(member: Member): Status | null {
  let status = fixed.get(member);
  if (status === undefined) {
    const declaredAlways = member.declarations.some((d) => d.gate.length === 0);
    if (member.requirements.some((g) => g.length === 0)) status = requiredField;
    else if (member.requirements.length === 0 && declaredAlways) status = plainField;
    else status = null;
    fixed.set(member, status);
  }
  return status;
}

/** The visibility, requirement and pending answers of one property. */
export function memberStatus(scope: Scope, object: ObjectState, member: Member): Status {
  const constant = fixedStatus(member);
  if (constant) return constant;
  const required = anyOf(member.requirements.map((g) => gateVerdict(scope, object, g)));
  let visible: Verdict = yes;
  if (required.truth !== true) {
    const declaredAlways = member.declarations.some((d) => d.gate.length === 0);
    const gates = declaredAlways ? member.requirements : [...member.requirements, ...member.declarations.map((d) => d.gate)];
    if (gates.length > 0) visible = anyOf(gates.map((g) => gateVerdict(scope, object, g)));
  }
  const waitsFor = new Set<string>();
  if (visible.truth === "unknown") for (const w of visible.waitsFor) waitsFor.add(w);
  if (required.truth === "unknown" && visible.truth !== false) for (const w of required.waitsFor) waitsFor.add(w);
  return {
    visibility: visible.truth === true ? "visible" : visible.truth === false ? "hidden" : "pending",
    required: required.truth === true,
    waitsFor: deepest(waitsFor),
  };
}

/** Drops a path when a path below it is listed too: waiting for `a.b` says more than waiting for `a`. */
function deepest(paths: Iterable<string>): string[] {
  const list = [...new Set(paths)];
  if (list.length < 2) return list;
  return list.filter((p) => !list.some((q) => q.length > p.length && q.startsWith(`${p}.`)));
}

/** The visibility inside a container: hidden if either is hidden, pending if either is pending. */
export function within(outer: { visibility: Visibility; waitsFor: readonly string[] }, own: { visibility: Visibility; waitsFor: readonly string[] }): {
  visibility: Visibility;
  waitsFor: readonly string[];
} {
  if (outer.visibility === "visible" && outer.waitsFor.length === 0) return own;
  if (outer.visibility === "hidden" || own.visibility === "hidden") return { visibility: "hidden", waitsFor: [] };
  const waitsFor = deepest([...outer.waitsFor, ...own.waitsFor]);
  return { visibility: outer.visibility === "pending" || own.visibility === "pending" ? "pending" : "visible", waitsFor };
}
