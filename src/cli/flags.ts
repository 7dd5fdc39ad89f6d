// The command line of every `circle-onboarding` command (and of `npm start`). Node's
// `util.parseArgs` splits it (`--name value`, `--name=value`, `-h`, `--`); the rules and their
// one-line messages are ours, because its strict mode answers in several sentences without
// naming the flag in a form a caller can use.
import { parseArgs } from "node:util";

/** A usage or input error: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The flags a command takes, each as `--name`; `--help` (and `-h`) is always one of its switches. */
export interface FlagSpec<V extends string = never, R extends string = never, S extends string = never> {
  /** Flags that take a value and may be given once. */
  values?: readonly V[];
  /** Flags that take a value and may be given again, each time adding one. */
  repeatable?: readonly R[];
  /** Flags that take no value. */
  switches?: readonly S[];
  /**
   * How an unknown argument is named: `bare` (`unknown argument --x (see --help)`, the default),
   * or `quoted` (`unknown argument "--x"`) for a command that ends every usage line by pointing
   * to its --help itself (mock, npm start).
   */
  unknown?: "bare" | "quoted";
}

/** A command line parsed against its {@link FlagSpec}. */
export interface ParsedFlags<V extends string = string, R extends string = string, S extends string = string> {
  /** The value of each once-only flag given. */
  values: ReadonlyMap<V, string>;
  /** The values of each repeatable flag given, in command-line order. */
  lists: ReadonlyMap<R, readonly string[]>;
  /** The switches given, `-h` as `--help`. */
  switches: ReadonlySet<S | "--help">;
}

/**
 * Parses `argv` (after the command name) against `spec`.
 * @throws UsageError for an unknown argument (positionals included), a once-only flag given twice,
 * a value flag without a value (none, empty, or the next flag), or a switch given a value
 */
export function parseFlags<const V extends string = never, const R extends string = never, const S extends string = never>(
  argv: readonly string[],
  spec: FlagSpec<V, R, S>,
): ParsedFlags<V, R, S> {
  const kinds = new Map<string, "value" | "repeatable" | "switch">([
    ...(spec.values ?? []).map((flag) => [flag, "value"] as const),
    ...(spec.repeatable ?? []).map((flag) => [flag, "repeatable"] as const),
    ...[...(spec.switches ?? []), "--help"].map((flag) => [flag, "switch"] as const),
  ]);
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = { help: { type: "boolean", short: "h" } };
  for (const [flag, kind] of kinds) if (flag !== "--help") options[flag.slice(2)] = { type: kind === "switch" ? "boolean" : "string" };
  // Not strict: its errors are replaced by ours below, from the tokens it gives either way.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  // The kinds map holds exactly the spec's flags: a flag of a kind is one of that kind's names.
  const values = new Map<V, string>();
  const lists = new Map<R, string[]>();
  const switches = new Set<S | "--help">();
  for (const token of tokens) {
    const flag = token.kind === "option" && (token.rawName.startsWith("--") || token.name === "help") ? `--${token.name}` : undefined;
    const kind = flag === undefined ? undefined : kinds.get(flag);
    if (token.kind !== "option" || flag === undefined || kind === undefined) {
      const arg = argv[token.index]!;
      throw new UsageError(spec.unknown === "quoted" ? `unknown argument ${JSON.stringify(arg)}` : `unknown argument ${arg} (see --help)`);
    }
    if (kind === "switch") {
      if (token.value !== undefined) throw new UsageError(`${flag} takes no value, got ${JSON.stringify(token.value)}`);
      switches.add(flag as S | "--help");
      continue;
    }
    if (kind === "value" && values.has(flag as V)) throw new UsageError(`${flag} given twice`);
    const value = token.value;
    if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
    if (kind === "value") values.set(flag as V, value);
    else lists.set(flag as R, [...(lists.get(flag as R) ?? []), value]);
  }
  return { values, lists, switches };
}
