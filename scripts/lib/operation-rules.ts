// Renders generated/operations.ts: per operation, what the client checks before sending
// (parameter and body constraints) and after receiving (the success body's outline), taken
// from the OpenAPI document so the client's checks cannot drift from it.

import { localTarget } from "../../src/sections/json-pointer.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The JSON Schema keywords the client's pre-flight checker understands; everything else is dropped. */
const kept = [
  "type",
  "format",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "minProperties",
  "required",
  "properties",
  "items",
] as const;

const methods = ["get", "put", "post", "patch", "delete"] as const;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s (`#/components/...`) until a non-reference object. */
function deref(document: JsonObject, value: Json | undefined): JsonObject {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    const ref: string = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
    current = localTarget(document, ref) as Json | undefined;
  }
  if (!isObject(current)) throw new Error("expected an object in the OpenAPI document");
  return current;
}

/** A schema reduced to the checked keywords, with `$ref`s, `allOf` and simple `oneOf`s flattened. */
function rule(document: JsonObject, value: Json | undefined): JsonObject {
  const schema = deref(document, value);
  // A file part: its presence is checked by `required`, its bytes by the upload code.
  if (schema.contentMediaType !== undefined || schema.format === "binary") return {};
  const out: JsonObject = {};
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) Object.assign(out, rule(document, part));
  const branches = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : [];
  if (branches.length) {
    // Only the branches' types are checked: enough to refuse a string where an object or array is due.
    const types = branches.map((b) => rule(document, b).type);
    if (types.every((t) => typeof t === "string")) out.type = [...new Set(types as string[])].sort();
  }
  for (const key of kept) {
    const v = schema[key];
    // Only `uuid` is checked; other formats (int32, date-time) would be bytes shipped for nothing.
    if (v === undefined || (key === "format" && v !== "uuid")) continue;
    if (key === "properties" && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, rule(document, s)]));
    } else if (key === "items") {
      out.items = rule(document, v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}

/** The outline of the first success response (a JSON body unless `body` says otherwise): what the client verifies before returning it. */
function successOutline(document: JsonObject, responses: JsonObject): JsonObject {
  const [status, raw] = Object.entries(responses).find(([code]) => code.startsWith("2")) ?? [];
  if (!status) throw new Error("operation without a success response");
  const response = deref(document, raw);
  const content = isObject(response.content) ? response.content : {};
  const json = content["application/json"];
  if (isObject(json)) {
    const schema = deref(document, json.schema);
    const outline: JsonObject = {};
    if (typeof schema.type === "string") outline.type = schema.type;
    if (Array.isArray(schema.required)) outline.required = schema.required;
    return outline;
  }
  return { body: Object.keys(content).length ? "binary" : "none" };
}

/** Renders the `operations` table and the documented statuses of every operation of the document. */
export function renderOperationRules(document: JsonObject, banner: string): { operations: string; statuses: string } {
  const rows: string[] = [];
  const statusRows: string[] = [];
  const ids: string[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, itemRaw] of Object.entries(paths)) {
    const item = deref(document, itemRaw);
    for (const method of methods) {
      if (!isObject(item[method])) continue;
      const op = item[method] as JsonObject;
      const parameters = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => deref(document, p) as unknown as Parameter);
      const entry: JsonObject = { method: method.toUpperCase(), path };
      // Without an idempotency key, PATCH and operations marked so may create records twice.
      if (op["x-replay-safe"] === false || (method === "patch" && op["x-replay-safe"] !== true)) entry.replaySafe = false;
      if (parameters.some((p) => p.in === "header" && p.name === "X-Idempotency-Key")) entry.idempotencyKey = true;
      for (const [where, key] of [["path", "pathParams"], ["query", "query"]] as const) {
        const selected = parameters.filter((p) => p.in === where);
        if (!selected.length) continue;
        const required = selected.filter((p) => p.required).map((p) => p.name);
        entry[key] = { ...(required.length ? { required } : {}), properties: Object.fromEntries(selected.map((p) => [p.name, rule(document, p.schema ?? {})])) };
      }
      const body = isObject(op.requestBody) ? deref(document, op.requestBody) : undefined;
      const media = body && isObject(body.content) ? Object.values(body.content)[0] : undefined;
      if (isObject(media)) entry.body = rule(document, media.schema);
      const responses = deref(document, op.responses);
      entry.success = successOutline(document, responses);
      ids.push(JSON.stringify(op.operationId));
      rows.push(`  ${JSON.stringify(op.operationId)}: ${JSON.stringify(entry)},`);
      statusRows.push(`  ${JSON.stringify(op.operationId)}: [${Object.keys(responses).join(", ")}],`);
    }
  }
  return {
    operations: `${banner}import type { OperationTable } from "../src/preflight.js";
import type { operations } from "./openapi.js";

/** The operationIds of the document's paths: what the client calls (its webhooks are what Circle calls). */
export type ApiOperationId = Extract<keyof operations, ${ids.join(" | ")}>;

/** What the client checks before sending and after receiving, per operation, from the OpenAPI document. */
export const operationTable: OperationTable = {
${rows.join("\n")}
};
`,
    statuses: `${banner}import type { ApiOperationId } from "./operations.js";

/** Every status the document lists, per operation (kept apart: only \`byStatus\` needs them). */
export const documentedStatuses: Readonly<Record<ApiOperationId, readonly number[]>> = {
${statusRows.join("\n")}
};
`,
  };
}
