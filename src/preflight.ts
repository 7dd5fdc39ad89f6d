// Checks arguments against the rules generated from the OpenAPI document, before anything is
// sent: the first broken rule becomes one readable line naming the field and what it expected.
import { InvalidRequestError } from "./errors.js";
import type { OperationId } from "./types.js";
import { uuidPattern } from "./uuid.js";

/** The JSON Schema subset the generator keeps for pre-flight checks. */
export interface Rule {
  type?: string | readonly string[];
  format?: string;
  enum?: readonly unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  required?: readonly string[];
  properties?: Readonly<Record<string, Rule>>;
  items?: Rule;
}

/** One operation as the client needs it: where it goes, what it accepts, what success looks like. */
export interface OperationRule {
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** `false` when repeating the request after the server may have applied it could create records twice. */
  replaySafe?: false;
  /** The operation takes `X-Idempotency-Key`. */
  idempotencyKey?: true;
  pathParams?: Rule;
  query?: Rule;
  body?: Rule;
  /** The success body: JSON of this outline, unless `body` says binary or none. */
  success: { body?: "binary" | "none"; type?: string; required?: readonly string[] };
}

/** Every operation of the API by operationId. */
export type OperationTable = Readonly<Record<OperationId, OperationRule>>;


/**
 * Throws {@link InvalidRequestError} for the first field of `value` that breaks `rule`. Fields are
 * named by their dot path inside `value` (`businessDetails.institutionType`); a problem with
 * `value` itself is reported under `name`.
 */
export function assertValid(value: unknown, rule: Rule, name: string): void {
  const problem = check(value, rule, "");
  if (problem) throw new InvalidRequestError(problem.field || name, `expected ${problem.expected}, got ${shown(problem.actual)}`);
}

interface Problem {
  field: string;
  expected: string;
  actual: unknown;
}

const problem = (field: string, rule: Rule, actual: unknown): Problem => ({ field, expected: describe(rule), actual });

function check(value: unknown, rule: Rule, field: string): Problem | undefined {
  if (value === undefined) return undefined;
  if (rule.type !== undefined && !typeMatches(value, rule.type)) return problem(field, rule, value);
  if (rule.const !== undefined && value !== rule.const) return problem(field, rule, value);
  if (rule.enum && !rule.enum.includes(value)) return problem(field, rule, value);
  if (typeof value === "string") {
    // JSON Schema counts code points; spreading into them is only needed when there are surrogate pairs.
    const length = /[\uD800-\uDBFF]/.test(value) ? [...value].length : value.length;
    if ((rule.minLength !== undefined && length < rule.minLength) || (rule.maxLength !== undefined && length > rule.maxLength)) {
      return problem(field, rule, value);
    }
    if (rule.format === "uuid" && !uuidPattern.test(value)) return problem(field, rule, value);
  }
  if (typeof value === "number") {
    if ((rule.minimum !== undefined && value < rule.minimum) || (rule.maximum !== undefined && value > rule.maximum)) {
      return problem(field, rule, value);
    }
  }
  if (Array.isArray(value)) {
    if ((rule.minItems !== undefined && value.length < rule.minItems) || (rule.maxItems !== undefined && value.length > rule.maxItems)) {
      return problem(field, rule, value);
    }
    if (rule.items) {
      for (let i = 0; i < value.length; i++) {
        const found = check(value[i], rule.items, `${field}.${i}`);
        if (found) return found;
      }
    }
  } else if (isRecord(value)) {
    if (rule.minProperties !== undefined && Object.keys(value).length < rule.minProperties) return problem(field, rule, value);
    for (const name of rule.required ?? []) {
      if (value[name] === undefined) {
        return problem(join(field, name), rule.properties?.[name] ?? {}, undefined);
      }
    }
    const properties = rule.properties;
    for (const name in properties) {
      const found = check(value[name], properties[name]!, join(field, name));
      if (found) return found;
    }
  }
  return undefined;
}

function join(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeMatches(value: unknown, type: string | readonly string[]): boolean {
  if (typeof type !== "string") return type.some((t) => typeMatches(value, t));
  if (type === "integer") return Number.isInteger(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  if (type === "object") return isRecord(value);
  if (type === "array") return Array.isArray(value);
  if (type === "null") return value === null;
  return typeof value === type;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** What a rule expects, in words: `an integer from 1 to 100`, `a string of exactly 2 characters`. */
export function describe(rule: Rule): string {
  if (rule.const !== undefined) return JSON.stringify(rule.const);
  if (rule.enum) return `one of ${rule.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (rule.format === "uuid") return "a UUID";
  const types = rule.type === undefined ? [] : typeof rule.type === "string" ? [rule.type] : [...rule.type];
  const noun = types.length ? types.map(article).join(" or ") : "a value";
  if (types.includes("string")) {
    const { minLength: min, maxLength: max } = rule;
    if (min !== undefined && min === max) return `${noun} of exactly ${min} character${min === 1 ? "" : "s"}`;
    if (min !== undefined && max !== undefined) return `${noun} of ${min} to ${max} characters`;
    if (min === 1) return `a non-empty string`;
    if (min !== undefined) return `${noun} of at least ${min} characters`;
    if (max !== undefined) return `${noun} of at most ${max} characters`;
  }
  if (types.includes("integer") || types.includes("number")) {
    const { minimum: min, maximum: max } = rule;
    if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
    if (min !== undefined) return `${noun} of at least ${min}`;
    if (max !== undefined) return `${noun} of at most ${max}`;
  }
  if (types.includes("array")) {
    const { minItems: min, maxItems: max } = rule;
    if (min !== undefined && max !== undefined) return `${noun} of ${min} to ${max} items`;
    if (min !== undefined) return `${noun} of at least ${min} item${min === 1 ? "" : "s"}`;
    if (max !== undefined) return `${noun} of at most ${max} items`;
  }
  if (types.includes("object") && rule.minProperties) return `${noun} with at least ${rule.minProperties} field${rule.minProperties === 1 ? "" : "s"}`;
  return noun;
}

function shown(actual: unknown): string {
  if (actual === undefined) return "nothing";
  const text = Array.isArray(actual) ? `an array of ${actual.length}` : JSON.stringify(actual);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
