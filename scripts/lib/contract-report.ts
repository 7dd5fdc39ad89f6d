// The contract report: where live answers departed from openapi/. Prism in proxy mode reports
// violations in `sl-violations`; this adds what Prism does not flag (fields the document does not
// declare, values of open enums the document does not know yet, and the `{"data": ...}` envelope
// Circle's guides show) and groups it per operation.

import { localTarget } from "../../src/sections/json-pointer.js";
import { isOpenEnum, knownValues } from "./open-enums.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** One departure from the document. */
export interface Finding {
  /** `getApplication`, or `METHOD /path` when no operation matched. */
  operation: string;
  status: number;
  kind: "undeclared status" | "missing field" | "wrong type" | "wrong value" | "undeclared field" | "new value" | "data envelope" | "other";
  /** Dot path into the body, or `response` for the status itself. */
  where: string;
  message: string;
}

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  responses: Json;
}

interface Violation {
  location?: string[];
  code?: string | number;
  message?: string;
}

/** Records responses passing through a `fetch` and turns them into findings. */
export class ContractRecorder {
  readonly #document: Json;
  readonly #operations: Operation[];
  readonly #findings: Finding[] = [];
  #exchanges = 0;

  constructor(document: Json) {
    this.#document = document;
    this.#operations = Object.entries(isObject(document.paths) ? document.paths : {}).flatMap(([path, item]) =>
      Object.entries(isObject(item) ? item : {})
        .filter(([, op]) => isObject(op) && typeof op.operationId === "string")
        .map(([method, op]) => ({
          id: (op as Json).operationId as string,
          method: method.toUpperCase(),
          pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`),
          responses: isObject((op as Json).responses) ? ((op as Json).responses as Json) : {},
        })),
    );
  }

  /** A `fetch` that forwards to `base` and records what comes back. */
  wrap(base: (input: Request, init?: RequestInit) => Promise<Response>): (input: Request, init?: RequestInit) => Promise<Response> {
    return async (input, init) => {
      const response = await base(input, init);
      await this.record(input.method, new URL(input.url).pathname, response.clone());
      return response;
    };
  }

  /** Records one exchange. */
  async record(method: string, path: string, response: Response): Promise<void> {
    this.#exchanges++;
    const operation = this.#operations.find((op) => op.method === method && op.pattern.test(path));
    const name = operation?.id ?? `${method} ${path}`;
    const text = await response.text().catch(() => "");
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const violations = parseViolations(response.headers.get("sl-violations"));
    const add = (finding: Omit<Finding, "operation" | "status">) => this.#findings.push({ operation: name, status: response.status, ...finding });
    // A wrapped body misses the documented fields (an object) or has the wrong type (an array).
    const atBody = (v: Violation) => (v.code === "required" || v.code === "type") && (v.location ?? []).length <= 2;
    if (isObject(body) && Object.keys(body).length === 1 && "data" in body && violations.some(atBody)) {
      add({ kind: "data envelope", where: "body", message: 'the body is wrapped in {"data": ...}, which the document does not declare' });
    }
    for (const v of violations) add(classify(v));
    const schema = operation && this.#responseSchema(operation, response.status);
    if (schema && body !== undefined) this.#undeclared(schema, body, "", add);
  }

  /** Every finding so far. */
  get findings(): readonly Finding[] {
    return this.#findings;
  }

  /** The report as text: one line per finding, grouped by operation. */
  render(): string {
    if (!this.#findings.length) return `Contract report: ${this.#exchanges} exchanges, no departure from openapi/partner-onboarding.yaml.`;
    const lines = [`Contract report: ${this.#findings.length} departures from openapi/partner-onboarding.yaml in ${this.#exchanges} exchanges`];
    const byOperation = new Map<string, Finding[]>();
    for (const f of this.#findings) byOperation.set(f.operation, [...(byOperation.get(f.operation) ?? []), f]);
    for (const [operation, findings] of byOperation) {
      lines.push(`  ${operation}`);
      for (const f of findings) lines.push(`    ${f.status} ${f.kind} at ${f.where}: ${f.message}`);
    }
    return lines.join("\n");
  }

  #deref(value: unknown): Json | undefined {
    let current = value;
    for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < 32; hops++) {
      current = localTarget(this.#document, current.$ref as string);
    }
    return isObject(current) ? current : undefined;
  }

  #responseSchema(operation: Operation, status: number): Json | undefined {
    const response = this.#deref(operation.responses[String(status)]);
    const content = response && isObject(response.content) ? response.content : undefined;
    const json = content && content["application/json"];
    return isObject(json) ? this.#deref(json.schema) : undefined;
  }

  /** Fields present in the body that the schema does not declare (where it declares its fields), and new values of open enums. */
  #undeclared(schemaIn: Json, value: unknown, path: string, add: (f: Omit<Finding, "operation" | "status">) => void): void {
    const schema = this.#deref(schemaIn) ?? schemaIn;
    if (isOpenEnum(schema)) {
      // Accepted (the enum is open), but the document should learn the value.
      const known = knownValues(schema, (v) => this.#deref(v));
      if (!known.includes(value)) add({ kind: "new value", where: path || "body", message: `${JSON.stringify(value)} is not among the known values (${known.join(", ")}); add it to the document` });
      return;
    }
    if (Array.isArray(value)) {
      const items = this.#deref(schema.items);
      if (items) value.forEach((v, i) => this.#undeclared(items, v, `${path}.${i}`, add));
      return;
    }
    if (!isObject(value) || !isObject(schema.properties) || schema.additionalProperties === true || isObject(schema.additionalProperties)) return;
    for (const [key, v] of Object.entries(value)) {
      const child = this.#deref(schema.properties[key]);
      const where = path ? `${path}.${key}` : key;
      if (!child) add({ kind: "undeclared field", where, message: `${key} is not in the document` });
      else this.#undeclared(child, v, where, add);
    }
  }
}

function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [{ message: header }];
  }
}

function classify(v: Violation): Omit<Finding, "operation" | "status"> {
  const location = (v.location ?? []).filter((part) => part !== "response" && part !== "body");
  const where = location.length ? location.join(".") : v.location?.[0] === "response" && v.location.length === 1 ? "response" : "body";
  const message = v.message ?? "violation";
  if (/Unable to match the returned status code/i.test(message)) return { kind: "undeclared status", where: "response", message };
  if (v.code === "required") return { kind: "missing field", where, message };
  if (v.code === "type") return { kind: "wrong type", where, message };
  if (v.code === "enum" || v.code === "const" || v.code === "format") return { kind: "wrong value", where, message };
  return { kind: "other", where, message };
}
