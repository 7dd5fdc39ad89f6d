// The official JSON Schema Test Suite files this project measures itself on (committed under
// test/fixtures/json-schema-test-suite, MIT), the wrapping of a test schema as a section of an
// application schema, and the TypeScript compiler check of instances against generated types.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { toPointer } from "../../src/sections/json-pointer.js";
import { isObject, type JsonSchema, mapSchema } from "../../src/sections/schema-node.js";

/** Where the suite's files lie. */
export const suiteDir = fileURLToPath(new URL("../fixtures/json-schema-test-suite/draft2020-12/", import.meta.url));

/** The files measured since the first round: the keywords of a plain application schema. */
export const subsetFiles: readonly string[] = [
  "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired", "enum", "if-then-else", "items", "maxItems", "maxLength", "maximum",
  "minItems", "minLength", "minimum", "not", "oneOf", "pattern", "prefixItems", "properties", "required", "type", "uniqueItems",
].map((f) => `${f}.json`);

/** The files added for the shapes Circle writes: references, `unevaluated*`, `dependentSchemas`, and the other assertion keywords. */
export const extendedFiles: readonly string[] = [
  "ref", "defs", "unevaluatedProperties", "unevaluatedItems", "dependentSchemas", "patternProperties", "propertyNames",
  "boolean_schema", "minProperties", "maxProperties", "multipleOf", "exclusiveMaximum", "exclusiveMinimum", "minContains", "maxContains",
].map((f) => `${f}.json`);

/** One test case of the suite. */
export interface SuiteCase {
  description: string;
  data: unknown;
  valid: boolean;
}

/** One schema of the suite with its cases. */
export interface SuiteGroup {
  file: string;
  /** `file.json #index: description`. */
  id: string;
  schema: unknown;
  tests: SuiteCase[];
}

/** Every group of the given files, in file order. */
export function loadSuite(files: readonly string[]): SuiteGroup[] {
  const present = new Set(readdirSync(suiteDir));
  const groups: SuiteGroup[] = [];
  for (const file of files) {
    // Never skip: a missing file is a failure that names it.
    if (!present.has(file)) throw new Error(`${suiteDir}${file} is missing`);
    const list = JSON.parse(readFileSync(suiteDir + file, "utf8")) as { description: string; schema: unknown; tests: SuiteCase[] }[];
    list.forEach((g, i) => groups.push({ file, id: `${file} #${i}: ${g.description}`, schema: g.schema, tests: g.tests }));
  }
  return groups;
}

/**
 * A test schema as the section at `pointer` of an application schema: `$schema` dropped (only a
 * document root may carry it), and same-document pointers (`#`, `#/$defs/a`) moved under the
 * section, except inside a subschema with its own `$id`, whose pointers are relative to itself.
 */
export function asSection(schema: unknown, pointer: string): JsonSchema {
  if (!isObject(schema)) return schema as JsonSchema;
  const { $schema: _dialect, ...section } = schema;
  const resources: string[] = [];
  mapSchema(section, (_copy, original, segments) => {
    if (typeof original.$id === "string") resources.push(toPointer(segments));
  });
  return mapSchema(section, (copy, _original, segments) => {
    const at = toPointer(segments);
    if (resources.some((r) => at === r || at.startsWith(`${r}/`))) return;
    const ref = copy.$ref;
    if (typeof ref === "string" && (ref === "#" || ref.startsWith("#/"))) copy.$ref = `#${pointer}${ref.slice(1)}`;
  });
}

/** The section name of group `i`. */
export const sectionOf = (i: number): string => `g${i}`;

/** An application schema holding some of the groups, each as section `g<index>`. */
export interface SuiteApplication {
  schema: Record<string, unknown>;
  /** Indexes of the groups it holds. */
  members: number[];
}

/**
 * The groups as sections of as few application schemas as possible: one for every group without
 * an `$id` (one compile, one generated module), and one per group with `$id`s, which several
 * groups reuse (`http://example.com/...`) and which must not clash in one document.
 */
export function suiteApplications(groups: readonly SuiteGroup[]): SuiteApplication[] {
  const shared: SuiteApplication = { schema: { type: "object", properties: {} }, members: [] };
  const own: SuiteApplication[] = [];
  groups.forEach((g, i) => {
    const target = JSON.stringify(g.schema).includes('"$id"') ? { schema: { type: "object", properties: {} }, members: [] } : shared;
    if (target !== shared) own.push(target);
    (target.schema.properties as Record<string, unknown>)[sectionOf(i)] = asSection(g.schema, `/properties/${sectionOf(i)}`);
    target.members.push(i);
  });
  return [shared, ...own];
}

/** One case to type-check: a value against a type expression. */
export interface CheckCase {
  typeExpr: string;
  data: unknown;
}

/** A module to type-check: generated types, then one `const` per case. */
export interface CheckModule {
  name: string;
  types: string;
  cases: CheckCase[];
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
    const lines = m.cases.map((c, i) => `export const case${i}: ${c.typeExpr} = ${JSON.stringify(c.data)};`);
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
