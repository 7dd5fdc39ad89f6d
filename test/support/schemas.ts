// The fixture application schemas of test/fixtures/schemas, as tests read them.
import { readFileSync } from "node:fs";
import type { SchemaObject } from "../../src/sections/index.js";

/** A fixture schema by file name without `.json` (`trust`, `circle-forms`…); a fresh copy each call. */
export function fixtureSchema(name: string): SchemaObject {
  return JSON.parse(readFileSync(new URL(`../fixtures/schemas/${name}.json`, import.meta.url), "utf8")) as SchemaObject;
}
