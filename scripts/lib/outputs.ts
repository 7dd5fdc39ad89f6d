// Writing or checking generated files: one place for both generators' `--check` semantics.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";

/** Generated files keyed by absolute path. */
export type Outputs = Map<string, string>;

/** Files whose committed content differs from what the generator produces now. */
export async function staleOutputs(outputs: Outputs): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of outputs) {
    const current = await readFile(file, "utf8").catch(() => undefined);
    if (current !== content) stale.push(file);
  }
  return stale;
}

/** Writes every output, creating folders; returns the files whose content changed. */
export async function writeOutputs(outputs: Outputs): Promise<string[]> {
  const changed = await staleOutputs(outputs);
  for (const file of changed) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, outputs.get(file)!);
  }
  return changed;
}

/** A path relative to the working directory, for messages. */
export function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}
