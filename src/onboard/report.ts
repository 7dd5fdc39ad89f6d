// The report file: one line per record of the input, in input order, with where it ended and
// why. JSON Lines by default; CSV when the file name ends in `.csv`, for a spreadsheet.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RecordRow, RecordState } from "./journal.js";
import type { InputProblem } from "./record.js";

/** One record's line of the report. */
export interface ReportLine {
  ref: string | null;
  /** Line of the input (1-based). */
  line: number | null;
  /** `invalid` for a record the input checks refused (never sent). */
  state: RecordState | "invalid";
  code: string | null;
  reason: string | null;
  clientEntityId: string | null;
  applicationId: string | null;
}

/** The report's lines: journal rows and input problems (one line per refused record), by input line. */
export function reportLines(rows: RecordRow[], problems: InputProblem[]): ReportLine[] {
  const lines: ReportLine[] = rows.map((r) => ({
    ref: r.ref,
    line: r.line,
    state: r.state,
    code: r.reasonCode,
    reason: r.reason,
    clientEntityId: r.clientEntityId,
    applicationId: r.applicationId,
  }));
  const byLine = new Map<number, InputProblem[]>();
  for (const p of problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  for (const [line, found] of byLine) {
    lines.push({
      ref: found.find((p) => p.ref !== undefined)?.ref ?? null,
      line,
      state: "invalid",
      code: "input",
      reason: found.map((p) => `${p.field}: ${p.message}`).join("; "),
      clientEntityId: null,
      applicationId: null,
    });
  }
  return lines.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

const columns = ["ref", "clientEntityId", "applicationId", "state", "code", "reason", "line"] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the report (whole, then renamed into place, so a reader never sees half of one). */
export async function writeReport(path: string, lines: ReportLine[]): Promise<void> {
  const text = path.endsWith(".csv")
    ? [columns.join(","), ...lines.map((l) => columns.map((c) => csvCell(l[c])).join(","))].join("\n") + "\n"
    : lines.map((l) => JSON.stringify(l)).join("\n") + (lines.length ? "\n" : "");
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, text);
  await rename(partial, path);
}
