// Renders generated/error-codes.ts: Circle's error codes that the document knows, as named
// constants with their one-line meanings, from `KnownErrorCode` (`enum`, `x-enum-varnames`,
// `x-enum-descriptions`), so that a code added to the document reaches the client by regenerating.

type Json = Record<string, unknown>;

/** The `ErrorCodes` constants and their meanings, from `components.schemas.KnownErrorCode`. */
export function renderErrorCodes(document: Json, banner: string): string {
  const schema = ((document.components as Json | undefined)?.schemas as Json | undefined)?.KnownErrorCode as Json | undefined;
  const codes = schema?.enum;
  const names = schema?.["x-enum-varnames"];
  const meanings = schema?.["x-enum-descriptions"];
  if (!Array.isArray(codes) || !Array.isArray(names) || !Array.isArray(meanings)) {
    throw new Error("components.schemas.KnownErrorCode needs enum, x-enum-varnames and x-enum-descriptions");
  }
  if (names.length !== codes.length || meanings.length !== codes.length) {
    throw new Error("KnownErrorCode: enum, x-enum-varnames and x-enum-descriptions must have one entry per code");
  }
  const rows = codes.map((code, i) => {
    const name = names[i];
    const meaning = meanings[i];
    if (!Number.isInteger(code)) throw new Error(`KnownErrorCode: ${JSON.stringify(code)} is not an integer`);
    if (typeof name !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`KnownErrorCode: ${JSON.stringify(name)} is not an UPPER_SNAKE name`);
    if (typeof meaning !== "string" || !meaning.trim() || /[\r\n]/.test(meaning)) throw new Error(`KnownErrorCode ${code}: the description must be one line`);
    return { code: code as number, name, meaning: meaning.trim() };
  });
  return `${banner}import type { components } from "./openapi.js";

type KnownErrorCode = components["schemas"]["KnownErrorCode"];

/** Circle's error codes whose meaning the OpenAPI document states, by name; compare them with \`ApiError.code\`. */
export const ErrorCodes = {
${rows.map((r) => `  /** ${r.code}: ${r.meaning.replace(/\*\//g, "*\\/")}. */\n  ${r.name}: ${r.code},`).join("\n")}
} as const satisfies Record<string, KnownErrorCode>;

/** One line on what each known code means, as error messages show it. */
export const errorCodeMeanings: Readonly<Record<KnownErrorCode, string>> = {
${rows.map((r) => `  ${JSON.stringify(String(r.code))}: ${JSON.stringify(r.meaning)},`).join("\n")}
};
`;
}
