// The helpers Ajv's standalone code calls (deep equality, string length in code points, the
// format checks of ajv-formats), re-exported so that the published build can carry them as ES
// module code: Ajv ships them as CommonJS, which a browser cannot load from an import map. The
// build bundles this one file (tsup.config.ts); the run-time validator uses the very same code.
import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

// These CommonJS modules set `exports.default` (with `__esModule`): Node's import gives the module
// object, bundlers and Vite give `exports.default` itself.
function defaultExport<T>(module: unknown): T {
  return (typeof module === "function" ? module : (module as { default: T }).default) as T;
}

/** Deep equality of JSON values (`const`, `enum`, `uniqueItems`), as Ajv compares them. */
export const ajvEqual = defaultExport<(a: unknown, b: unknown) => boolean>(equalModule);

/** The length of a string in code points (`minLength`, `maxLength`), as Ajv counts it. */
export const ajvUcs2length = defaultExport<(text: string) => number>(ucs2lengthModule);

/** ajv-formats' format checks (`date`, `email`, `uuid`, ...), as the run-time validator asserts them. */
export const ajvFullFormats: Readonly<Record<string, unknown>> = fullFormats;
