// The one Ajv set-up for an application schema, shared by the run-time validator and by the
// precompiler (`sync-schema`'s validate.js), so that both check exactly the same rules.
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { prepareForAjv } from "./ajv-compat.js";
import { scanVocabulary } from "./keywords.js";
import type { SchemaObject } from "./schema-node.js";
import { baseIdOf } from "./schema-ids.js";
import { rewriteUnevaluatedProperties } from "./unevaluated.js";

// Both packages are CommonJS and set `exports.default` on the exported function itself, so
// `.default` is right under Node and under bundlers alike (NodeNext types the import as the module).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** An Ajv instance holding one application schema. */
export type Ajv = InstanceType<typeof Ajv2020>;

// Draft 2020-12 keywords Ajv handles without declaring them (strict mode would refuse them).
const silentKeywords = new Set(["$anchor"]);

/**
 * An Ajv instance with the schema added (not yet compiled), its base URI, and what it cannot
 * honour exactly. With `standalone`, Ajv keeps the source of what it compiles, for `standaloneCode`.
 */
export function ajvFor(schema: SchemaObject, options: { standalone?: boolean } = {}): { ajv: Ajv; id: string; warnings: string[] } {
  const root = prepareForAjv(rewriteUnevaluatedProperties(schema)) as SchemaObject;
  // What the rewrite cannot fix, the interpreter checks (interpreted.ts): nothing to warn about.
  const warnings: string[] = [];

  const ajv = new Ajv2020({
    allErrors: true,
    // Puts each combinator's branches in its error, to tell which branch a `$ref`'s error is from.
    verbose: true,
    // Messages are written from each error's keyword and params (field-paths.ts): Ajv's own would
    // only add code to every check, and weight to every precompiled validate.js (about 8 %).
    messages: false,
    // A `$ref` becomes a call of its target's function instead of a copy of its code: on the
    // 40 × 50 benchmark schema compiling takes 40 % less time and validate.js 28 % less space.
    inlineRefs: false,
    // Checking the schema against the 2020-12 meta-schema compiles the meta-schema for every
    // validator (most of the creation time); the schema is Circle's, and Ajv still refuses
    // malformed keywords when compiling.
    validateSchema: false,
    // Inherited members (`constructor`, `toString`) are not the payload's fields.
    ownProperties: true,
    // Strict mode stays on for keywords (unknown ones are found and registered below) but only
    // reports legal-if-odd schemas (`if` without `then`) instead of refusing to compile them.
    strictSchema: "log",
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowMatchingProperties: true,
    ...(options.standalone ? { code: { source: true, esm: true, lines: true } } : {}),
    logger: { log: () => {}, warn: (...args: unknown[]) => warnings.push(args.join(" ")), error: (...args: unknown[]) => warnings.push(args.join(" ")) },
  });
  addFormats(ajv);
  const vocabulary = scanVocabulary(root, (keyword) => Object.hasOwn(ajv.RULES.keywords, keyword));
  for (const keyword of [...vocabulary.vendorKeywords, ...vocabulary.unknownKeywords]) {
    try {
      ajv.addKeyword(keyword);
    } catch {
      // A name Ajv cannot register (`x-a.b`): strict mode only logs it, see `strictSchema`.
    }
  }
  for (const keyword of vocabulary.unknownKeywords) {
    if (!silentKeywords.has(keyword)) warnings.push(`unknown keyword "${keyword}" ignored`);
  }
  for (const format of vocabulary.formats) {
    if (ajv.formats[format] === undefined) {
      ajv.addFormat(format, true);
      warnings.push(`unknown format "${format}" not checked`);
    }
  }
  const id = baseIdOf(root);
  ajv.addSchema(root, typeof root.$id === "string" ? undefined : id);
  return { ajv, id, warnings };
}
