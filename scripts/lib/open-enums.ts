// Open enums: a value only the server sends, which Circle may extend later, is written in the
// document as `anyOf: [<known values>, {type: string}]` (or `{type: integer}`), the known values
// inline or by `$ref` to a plain enum. This module only recognises that shape; the generator's
// transform types it and the contract report flags values outside the known ones.

import { escapeSegment } from "../../src/sections/json-pointer.js";
import { isObject } from "../../src/sections/schema-node.js";

type Json = Record<string, unknown>;

/** The open end of an open enum: a bare `{type: string | integer | number}`, a description at most. */
export function openEnd(member: unknown): "string" | "number" | undefined {
  if (!isObject(member) || Object.keys(member).some((key) => key !== "type" && key !== "description")) return undefined;
  if (member.type === "string") return "string";
  return member.type === "integer" || member.type === "number" ? "number" : undefined;
}

/** Whether a schema is an open enum: exactly `[known values, open end]`. */
export function isOpenEnum(schema: unknown): schema is { anyOf: [Json, Json] } {
  if (!isObject(schema) || !Array.isArray(schema.anyOf) || schema.anyOf.length !== 2) return false;
  const [known, open] = schema.anyOf as unknown[];
  return isObject(known) && (typeof known.$ref === "string" || Array.isArray(known.enum)) && openEnd(open) !== undefined;
}

/** The known values of an open enum, following a `$ref` with `deref`. */
export function knownValues(schema: { anyOf: [Json, Json] }, deref: (value: unknown) => Json | undefined): unknown[] {
  const known = deref(schema.anyOf[0]);
  return Array.isArray(known?.enum) ? known.enum : [];
}

/** Pointers of open enums written anywhere but under `components.schemas`, where the generator cannot type them. */
export function misplacedOpenEnums(document: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`));
    if (!isObject(value)) return;
    if (isOpenEnum(value) && !/^#\/components\/schemas\/[^/]+$/.test(pointer)) found.push(pointer);
    for (const [key, v] of Object.entries(value)) walk(v, `${pointer}/${escapeSegment(key)}`);
  };
  walk(document, "#");
  return found;
}
