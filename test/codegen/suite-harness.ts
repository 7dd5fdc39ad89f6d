// The official JSON Schema Test Suite subset in ../shared, read where it lies, and the TypeScript
// compiler check of its instances against generated types (one program for every case).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Where the suite lies: `../shared/json-schema-test-suite` from the repository root. */
export const suiteDir = fileURLToPath(new URL("../../../shared/json-schema-test-suite/draft2020-12/", import.meta.url));
/** True when the suite folder is present. */
export const suiteAvailable = existsSync(suiteDir);

/** One test case of the suite. */
export interface SuiteCase {
  description: string;
  data: unknown;
  valid: boolean;
}

/** One schema of the suite with its cases. */
export interface SuiteGroup {
  /** `file.json #index: description`. */
  id: string;
  schema: unknown;
  tests: SuiteCase[];
}

/** Every group of every file, in file order. */
export function loadSuite(): SuiteGroup[] {
  const groups: SuiteGroup[] = [];
  for (const file of readdirSync(suiteDir).filter((f) => f.endsWith(".json")).sort()) {
    const list = JSON.parse(readFileSync(suiteDir + file, "utf8")) as { description: string; schema: unknown; tests: SuiteCase[] }[];
    list.forEach((g, i) => groups.push({ id: `${file} #${i}: ${g.description}`, schema: g.schema, tests: g.tests }));
  }
  return groups;
}

/**
 * The suite schema as the single section `value` of an application schema: `$schema` dropped
 * (only a document root may carry it) and `$defs` hoisted to the root, where `#/$defs/…` points.
 */
export function asApplicationSchema(schema: unknown): Record<string, unknown> {
  if (typeof schema !== "object" || schema === null) return { type: "object", properties: { value: schema } };
  const { $schema: _dialect, $defs, ...section } = schema as Record<string, unknown>;
  return { type: "object", properties: { value: section }, ...($defs === undefined ? {} : { $defs }) };
}

/** A module to type-check: generated types, then one `const` per case annotated with `typeExpr`. */
export interface CheckModule {
  name: string;
  types: string;
  typeExpr: string;
  cases: unknown[];
}

/** Per module: whether each case type-checks, and the diagnostics that are not on a case line. */
export interface CheckResult {
  accepted: boolean[];
  otherErrors: string[];
}

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts"],
};

/** Type-checks every module in one program. */
export function typeCheck(modules: readonly CheckModule[]): CheckResult[] {
  const files = new Map<string, { text: string; firstCaseLine: number; count: number }>();
  for (const m of modules) {
    const head = `${m.types}\n`;
    const firstCaseLine = head.split("\n").length - 1;
    const lines = m.cases.map((data, i) => `export const case${i}: ${m.typeExpr} = ${JSON.stringify(data)};`);
    files.set(`/virtual/${m.name}.ts`, { text: head + lines.join("\n") + "\n", firstCaseLine, count: m.cases.length });
  }
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) => {
    const virtual = files.get(fileName);
    return virtual ? ts.createSourceFile(fileName, virtual.text, language) : getSourceFile(fileName, language, onError);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  const program = ts.createProgram([...files.keys()], compilerOptions, host);
  return modules.map((m) => {
    const fileName = `/virtual/${m.name}.ts`;
    const info = files.get(fileName)!;
    const sourceFile = program.getSourceFile(fileName)!;
    const accepted = new Array<boolean>(info.count).fill(true);
    const otherErrors: string[] = [];
    for (const d of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
      const line = d.start === undefined ? -1 : sourceFile.getLineAndCharacterOfPosition(d.start).line;
      const index = line - info.firstCaseLine;
      if (index >= 0 && index < info.count) accepted[index] = false;
      else otherErrors.push(`${m.name}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
    return { accepted, otherErrors };
  });
}
