// The property names an object may hold, as TypeScript can state them: a list of names plus
// template literal types (`bar${string}`) for the `patternProperties` regular expressions that
// translate into one. A template that matches exactly the names its regular expression matches
// can type those properties' values; one that matches more can only let names through.

/** A `patternProperties` regular expression as a template literal type. */
export interface KeyTemplate {
  /** The template literal type, backticks included: `` `bar${string}` ``. */
  text: string;
  /** True when the template matches exactly the names the expression matches (else it matches more). */
  exact: boolean;
  /** The expression itself, to test listed names against it. */
  regex: RegExp;
}

/** The names an object may hold: those listed, and any name a template admits. */
export interface NameSet {
  names: ReadonlySet<string>;
  templates: readonly KeyTemplate[];
}

/** True when `set` admits `name`; an absent set admits every name. */
export function admits(set: NameSet | undefined, name: string): boolean {
  return set === undefined || set.names.has(name) || set.templates.some((t) => t.regex.test(name));
}

/** The names both sets admit, or a superset of them (templates are kept from one side only). */
export function intersectNames(a: NameSet | undefined, b: NameSet | undefined): NameSet | undefined {
  if (!a || !b) return a ?? b;
  const names = new Set([...a.names, ...b.names].filter((n) => admits(a, n) && admits(b, n)));
  return { names, templates: a.templates.length && b.templates.length ? a.templates : [] };
}

/** The names either set admits; `undefined` (every name) when one of them is. */
export function unionNames(sets: readonly (NameSet | undefined)[]): NameSet | undefined {
  if (!sets.length || sets.some((s) => s === undefined)) return undefined;
  const names = new Set<string>();
  const templates: KeyTemplate[] = [];
  for (const set of sets as NameSet[]) {
    for (const n of set.names) names.add(n);
    for (const t of set.templates) if (!templates.some((u) => u.text === t.text && u.exact === t.exact)) templates.push(t);
  }
  return { names, templates };
}

/** A set of listed names only. */
export function namesOnly(names: Iterable<string>): NameSet {
  return { names: new Set(names), templates: [] };
}

// One piece of a pattern: literal text, or a run of characters, `exact` when it is any text at all.
type Piece = { literal: string } | { exact: boolean; mayBeEmpty: boolean };

// Characters with a meaning in a regular expression; every other one stands for itself.
const special = new Set([..."\\^$.*+?()[]{}|"]);
const anyText: Piece = { exact: true, mayBeEmpty: true };

/**
 * The template of a regular expression made of literal characters, escaped punctuation, `.*`
 * and `.+`, with optional anchors: `^bar` → `` `bar${string}` ``, `f.*o` → `` `${string}f${string}o${string}` ``.
 * An unanchored end is any text, exactly (the expression searches); `.` does not match line
 * terminators, so a `.*` between literals makes the template match more. `undefined` for any
 * other expression (classes, quantifiers, groups), or one without any run of text (`^abc$`, which
 * `literal` gives instead).
 */
export function keyTemplate(pattern: string): KeyTemplate | undefined {
  const pieces = patternPieces(pattern);
  if (!pieces || pieces.every((p) => "literal" in p)) return undefined;
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && "literal" in last && "literal" in piece) merged[merged.length - 1] = { literal: last.literal + piece.literal };
    else if (last && !("literal" in last) && !("literal" in piece)) {
      // Any text followed by a run that may be empty is still any text, and the other way round.
      const exact = (last.exact && piece.mayBeEmpty) || (piece.exact && last.mayBeEmpty);
      merged[merged.length - 1] = { exact, mayBeEmpty: last.mayBeEmpty && piece.mayBeEmpty };
    } else merged.push(piece);
  }
  const text = merged.map((p) => ("literal" in p ? p.literal.replace(/[`\\]|\$\{/g, (m) => `\\${m}`) : "${string}")).join("");
  return { text: `\`${text}\``, exact: merged.every((p) => "literal" in p || p.exact), regex: new RegExp(pattern, "u") };
}

/** The one name an expression such as `^abc$` matches, or `undefined`. */
export function literalName(pattern: string): string | undefined {
  const pieces = patternPieces(pattern);
  if (!pieces?.every((p) => "literal" in p)) return undefined;
  return pieces.map((p) => (p as { literal: string }).literal).join("");
}

/** The pieces of a pattern the templates can state, or `undefined`. */
function patternPieces(pattern: string): Piece[] | undefined {
  try {
    new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  let body = pattern;
  const anchoredStart = body.startsWith("^");
  if (anchoredStart) body = body.slice(1);
  // A final `$` anchors unless it is escaped (an odd number of backslashes before it).
  const anchoredEnd = /(^|[^\\])(\\\\)*\$$/.test(body);
  if (anchoredEnd) body = body.slice(0, -1);
  const pieces: Piece[] = anchoredStart ? [] : [anyText];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const next = body[i + 1];
    if (c === "\\") {
      if (next === undefined || !(special.has(next) || next === "/" || next === "-")) return undefined;
      pieces.push({ literal: next });
      i++;
    } else if (c === "." && (next === "*" || next === "+")) {
      pieces.push({ exact: false, mayBeEmpty: next === "*" });
      i++;
    } else if (special.has(c)) {
      return undefined;
    } else {
      pieces.push({ literal: c });
    }
  }
  if (!anchoredEnd) pieces.push(anyText);
  return pieces;
}

/** True for a template that admits every name (`${string}`). */
export function admitsEveryName(template: KeyTemplate): boolean {
  return template.text === "`${string}`";
}

/** True when a `patternProperties` expression matches the name, or cannot be compiled to tell. */
export function mayMatch(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, "u").test(name);
  } catch {
    return true;
  }
}

/** True for a pattern every property name matches somewhere (`.*`, `^`, `a*`: it matches the empty string at the start). */
export function matchesEveryName(pattern: string): boolean {
  return /^\^?(?:\.\*|[^\\.*+?()[\]{}|^$]\*)?\$?$/u.test(pattern) && !/^\^\$$/.test(pattern);
}
