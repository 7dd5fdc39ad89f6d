// Reading a run's input: JSON Lines from a file, or records from an async iterable. Every line is
// checked (JSON, shape, unique ref, readable document files) before anything is enqueued, and a
// record carries the hash of its content and of its files, so a resumed run can tell an edited
// record from the one it started.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { createInterface } from "node:readline";
import { checkRecord, type InputProblem, type OnboardRecord, type RecordDocument } from "./record.js";

/** A document with its file resolved, measured and hashed. */
export interface PreparedDocument extends RecordDocument {
  /** The absolute path read at upload time. */
  absolutePath: string;
  /** The name sent to Circle. */
  fileName: string;
  size: number;
  /** SHA-256 of the content, checked again before the upload. */
  sha256: string;
}

/** A record that passed the input checks. */
export interface PreparedRecord {
  line: number;
  record: OnboardRecord;
  documents: PreparedDocument[];
  /** SHA-256 of the record (keys sorted) and its files' hashes: what "the same record" means. */
  hash: string;
}

/** The checked input: the records to run, and the problems of the others. */
export interface PreparedInput {
  records: PreparedRecord[];
  problems: InputProblem[];
}

/** Where records come from: a JSON Lines file, or an iterable of records (objects). */
export type RecordSource = { file: string } | { records: AsyncIterable<unknown> | Iterable<unknown>; baseDir?: string };

/** Reads and checks the whole input. Problems are collected, never thrown; an unreadable file is thrown. */
export async function prepareInput(source: RecordSource): Promise<PreparedInput> {
  const baseDir = "file" in source ? dirname(resolve(source.file)) : resolve(source.baseDir ?? ".");
  const problems: InputProblem[] = [];
  const records: PreparedRecord[] = [];
  const seen = new Map<string, number>();
  for await (const item of "file" in source ? jsonLines(source.file) : numbered(source.records)) {
    if ("problem" in item) {
      problems.push(item.problem);
      continue;
    }
    const checked = checkRecord(item.value, item.line);
    if ("problems" in checked) {
      problems.push(...checked.problems);
      continue;
    }
    const { record } = checked;
    const first = seen.get(record.ref);
    if (first !== undefined) {
      problems.push({ line: item.line, ref: record.ref, field: "ref", message: `expected a unique ref; ${JSON.stringify(record.ref)} is already used on line ${first}` });
      continue;
    }
    seen.set(record.ref, item.line);
    const documents = await prepareDocuments(record, item.line, baseDir, problems);
    if (!documents) continue;
    records.push({ line: item.line, record, documents, hash: recordHash(record, documents) });
  }
  return { records, problems };
}

type Item = { line: number; value: unknown } | { problem: InputProblem };

/** Each non-blank line of a JSON Lines file, parsed; a line that is not JSON is a problem. */
async function* jsonLines(file: string): AsyncGenerator<Item> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (trimmed === "") continue;
    try {
      yield { line, value: JSON.parse(trimmed) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      yield { problem: { line, field: "(line)", message: `expected one JSON object per line: ${reason}` } };
    }
  }
}

async function* numbered(records: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Item> {
  let line = 0;
  for await (const value of records) yield { line: ++line, value };
}

/** The record's documents, each file found and hashed; `undefined` (with problems added) when one is unusable. */
async function prepareDocuments(record: OnboardRecord, line: number, baseDir: string, problems: InputProblem[]): Promise<PreparedDocument[] | undefined> {
  const prepared: PreparedDocument[] = [];
  let ok = true;
  for (const [i, doc] of (record.documents ?? []).entries()) {
    const absolutePath = isAbsolute(doc.path) ? doc.path : resolve(baseDir, doc.path);
    const problem = (message: string) => {
      problems.push({ line, ref: record.ref, field: `documents.${i}.path`, message });
      ok = false;
    };
    try {
      const info = await stat(absolutePath);
      if (!info.isFile()) {
        problem(`expected a file, got a directory or device at ${absolutePath}`);
        continue;
      }
      if (info.size === 0) {
        problem(`expected a non-empty file, got 0 bytes at ${absolutePath}`);
        continue;
      }
      prepared.push({ ...doc, absolutePath, fileName: doc.fileName ?? basename(absolutePath), size: info.size, sha256: await fileHash(absolutePath) });
    } catch (error) {
      const code = (error as { code?: string }).code;
      problem(code === "ENOENT" ? `expected an existing file, found none at ${absolutePath}` : `could not read ${absolutePath} (${code ?? String(error)})`);
    }
  }
  return ok ? prepared : undefined;
}

/** SHA-256 of a file, hex. */
export async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The record as parsed (key order as in the file, so the same line always gives the same hash) and its files. */
function recordHash(record: OnboardRecord, documents: PreparedDocument[]): string {
  return createHash("sha256").update(JSON.stringify({ record, files: documents.map((d) => d.sha256) })).digest("hex");
}
