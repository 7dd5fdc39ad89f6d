// A small formatter for json2ts's unformatted output (`format: false`, one token group per line,
// no indentation, no semicolons): indents by bracket depth, ends members and aliases with `;`,
// joins empty bodies, and splits the module into top-level declarations. Prettier would take
// most of the generation time for the same result on this narrow input.

/** One top-level declaration, formatted. */
export interface Declaration {
  /** The declared name (`export interface Foo` → `Foo`), when there is one. */
  name: string | undefined;
  text: string;
}

const opens: Record<string, string> = { "{": "}", "(": ")", "[": "]" };
const closers = new Set(["}", ")", "]"]);
// A line ending in one of these continues on the next line.
const continues = /[{([|&,=:]$/;

/** Splits json2ts output into formatted top-level declarations, in order. */
export function formatDeclarations(code: string): Declaration[] {
  const declarations: Declaration[] = [];
  let current: string[] = [];
  let isAlias = false;
  let inComment = false;
  const brackets = new Brackets();
  const flush = (): void => {
    if (!current.length) return;
    const text = joinEmptyBodies(current).join("\n");
    const match = /^export (?:interface|type|enum|const enum) ([A-Za-z_$][\w$]*)/m.exec(text);
    declarations.push({ name: match?.[1], text });
    current = [];
  };
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    if (inComment || line.startsWith("/*")) {
      if (!inComment && brackets.depth === 0 && isComplete(current)) flush();
      inComment = !line.includes("*/");
      current.push("  ".repeat(brackets.indent) + (line.startsWith("*") ? " " + line : line));
      continue;
    }
    if (brackets.depth === 0) {
      if (isComplete(current)) flush();
      isAlias = /^export type\b/.test(line);
    }
    const indent = brackets.line(line);
    const endsMember = brackets.top === "}" ? !continues.test(line) : brackets.depth === 0 && isAlias && !continues.test(line);
    current.push("  ".repeat(indent) + line + (endsMember && !line.endsWith(";") ? ";" : ""));
  }
  flush();
  return declarations;
}

/**
 * Bracket nesting, with one indent level per line that opens brackets (not per bracket), so
 * `(A & ({` indents its body once. A line starting with a closer is shown one level out and
 * keeps the level it closed into (`} | {`).
 */
class Brackets {
  private readonly stack: string[] = [];
  private readonly levels: number[] = [];

  /** Open brackets. */
  get depth(): number {
    return this.stack.length;
  }
  /** Indent of the next line. */
  get indent(): number {
    return this.levels.length;
  }
  /** The closer expected next. */
  get top(): string | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Reads one line of code; returns its indent. */
  line(code: string): number {
    const startsClosed = closers.has(code[0]!);
    const indent = Math.max(0, this.levels.length - (startsClosed ? 1 : 0));
    let opened = 0;
    let poppedLevel = false;
    for (let i = 0; i < code.length; i++) {
      const ch = code[i]!;
      if (ch === '"' || ch === "'" || ch === "`") {
        for (i++; i < code.length && code[i] !== ch; i++) if (code[i] === "\\") i++;
      } else if (opens[ch]) {
        this.stack.push(opens[ch]!);
        opened++;
      } else if (closers.has(ch)) {
        this.stack.pop();
        if (opened > 0) opened--;
        else if (this.levels.length) {
          this.levels[this.levels.length - 1]!--;
          if (this.levels[this.levels.length - 1] === 0) {
            this.levels.pop();
            poppedLevel = true;
          }
        }
      }
    }
    if (opened > 0) {
      if (startsClosed && !poppedLevel && this.levels.length) this.levels[this.levels.length - 1]! += opened;
      else this.levels.push(opened);
    }
    return indent;
  }
}

/** True when the collected lines hold a declaration (not just its leading comment). */
function isComplete(lines: readonly string[]): boolean {
  return lines.some((l) => !/^\s*(\/\*\*|\*)/.test(l));
}

/** `{` followed by a line starting with `}` becomes `{}` on one line. */
function joinEmptyBodies(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out[out.length - 1];
    if (previous !== undefined && previous.endsWith("{") && /^\s*\}/.test(line)) out[out.length - 1] = previous + line.trim();
    else out.push(line);
  }
  return out;
}
