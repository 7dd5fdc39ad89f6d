// Precompiled validators for tests: renders validate.js for a schema into a temporary folder and
// imports it, as an application imports the file sync-schema wrote. (Its import of
// `circle-onboarding/precompiled` resolves to the source through vitest.config.ts.)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderPrecompiledValidator } from "../../src/codegen/precompiled-validator.js";
import type { SchemaValidator, UntypedSections } from "../../src/precompiled/index.js";

/** A folder for generated modules, and a function that removes it. */
export async function precompiledFolder(): Promise<{ load: <S extends object = UntypedSections>(schema: unknown, name?: string) => Promise<SchemaValidator<S>>; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "circle-precompiled-"));
  let count = 0;
  return {
    async load<S extends object = UntypedSections>(schema: unknown, name = `validate-${count++}`): Promise<SchemaValidator<S>> {
      const file = join(dir, `${name}.js`);
      await writeFile(file, renderPrecompiledValidator(schema).validateJs);
      const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { validator: SchemaValidator<S> };
      return module.validator;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
