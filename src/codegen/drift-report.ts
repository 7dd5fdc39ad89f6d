// How `sync-schema --check` reports drift: a readable summary, and GitHub Actions workflow
// commands (`::error`/`::warning`) so breaking changes show up as annotations on the run.
import type { SchemaChange } from "./schema-diff.js";

/** The summary lines, breaking changes first. */
export function driftSummary(changes: readonly SchemaChange[], snapshotFile: string): string[] {
  const breaking = changes.filter((c) => c.breaking);
  const other = changes.filter((c) => !c.breaking);
  const lines = [`${snapshotFile} differs from the live schema: ${count(breaking.length, "breaking change")}, ${count(other.length, "non-breaking change")}.`];
  for (const c of breaking) lines.push(`  BREAKING      ${c.path}: ${c.message}`);
  for (const c of other) lines.push(`  non-breaking  ${c.path}: ${c.message}`);
  if (!changes.length) lines.push("  (no section or field changed: descriptions or other annotations did)");
  return lines;
}

/** One workflow command per change: `::error` for breaking ones, `::warning` for the rest. */
export function githubAnnotations(changes: readonly SchemaChange[], snapshotFile: string): string[] {
  return changes.map((c) => {
    const level = c.breaking ? "error" : "warning";
    const title = c.breaking ? "Breaking application schema change" : "Application schema change";
    return `::${level} file=${property(snapshotFile)},title=${property(title)}::${data(`${c.path}: ${c.message}`)}`;
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// Escaping as the Actions runner decodes workflow commands.
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
