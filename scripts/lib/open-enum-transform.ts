// The generator's typing of open enums (see open-enums.ts). openapi-typescript would print
// `anyOf: [known, {type: string}]` as `"A" | "B" | string`, which TypeScript collapses to
// `string`; this prints `"A" | "B" | (string & {})`, so the known values still autocomplete and
// narrow while any other string is accepted. Request enums are plain `enum`s and stay strict.
import type { OpenAPITSOptions, SchemaObject } from "openapi-typescript";
import { NUMBER, oapiRef, STRING, tsLiteral, tsUnion } from "openapi-typescript";
import ts from "typescript";
import { isOpenEnum, openEnd } from "./open-enums.js";

/** openapi-typescript's `transform`: open-enum components become `known | (string & {})`. */
export const openEnumTransform: NonNullable<OpenAPITSOptions["transform"]> = (schema: SchemaObject, options) => {
  if (!options.path?.startsWith("#/components/schemas/") || !isOpenEnum(schema)) return undefined;
  const [known, open] = schema.anyOf;
  const literals = typeof known.$ref === "string" ? oapiRef(known.$ref) : tsUnion((known.enum as unknown[]).map((value) => tsLiteral(value)));
  const base = openEnd(open) === "string" ? STRING : NUMBER;
  // `string & {}` is still every string, but TypeScript no longer absorbs the literals into it.
  const rest = ts.factory.createParenthesizedType(ts.factory.createIntersectionTypeNode([base, ts.factory.createTypeLiteralNode([])]));
  return ts.factory.createUnionTypeNode([literals, rest]);
};
