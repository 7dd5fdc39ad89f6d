// The flags every command parses with: both value forms, switches, -h, repeatable flags, and one
// line naming the flag for each way a command line can be wrong.
import { describe, expect, it } from "vitest";
import { parseFlags, UsageError } from "../../src/cli/flags.js";

const spec = { values: ["--out", "--port"], repeatable: ["--schema"], switches: ["--check"] } as const;

describe("parseFlags", () => {
  it("reads --name value, --name=value (the value may hold = or start with one dash), switches and repeated flags in order", () => {
    const flags = parseFlags(["--out", "dir", "--port=-1", "--check", "--schema", "trust=a.json", "--schema=fintech=b.json"], spec);
    expect(Object.fromEntries(flags.values)).toEqual({ "--out": "dir", "--port": "-1" });
    expect(flags.lists.get("--schema")).toEqual(["trust=a.json", "fintech=b.json"]);
    expect([...flags.switches]).toEqual(["--check"]);
  });

  it("takes --help and -h (alone or grouped) as the switch --help, for every command", () => {
    expect([...parseFlags(["-h"], {}).switches]).toEqual(["--help"]);
    expect([...parseFlags(["--out", "x", "--help"], spec).switches]).toEqual(["--help"]);
    expect([...parseFlags(["-h"], spec).switches]).toEqual(["--help"]);
    expect(() => parseFlags(["-hx"], spec)).toThrow("unknown argument -hx (see --help)");
  });

  it.each([
    [["--bogus"], "unknown argument --bogus (see --help)"],
    [["--bogus=1"], "unknown argument --bogus=1 (see --help)"],
    [["-x"], "unknown argument -x (see --help)"],
    [["file.json"], "unknown argument file.json (see --help)"],
    [["--", "--out"], "unknown argument -- (see --help)"],
    [["--out", "a", "--out", "b"], "--out given twice"],
    [["--out=a", "--out=b"], "--out given twice"],
    [["--out"], "--out needs a value"],
    [["--out="], "--out needs a value"],
    [["--out", ""], "--out needs a value"],
    [["--out", "--check"], "--out needs a value"],
    [["--schema"], "--schema needs a value"],
    [["--check=no"], '--check takes no value, got "no"'],
  ])("refuses %j in one line naming the flag", (argv, message) => {
    let thrown: unknown;
    try {
      parseFlags(argv, spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toBe(message);
  });

  it("quotes an unknown argument for a command that points to its --help itself", () => {
    expect(() => parseFlags(["--verbose"], { values: ["--port"], unknown: "quoted" })).toThrow(new UsageError('unknown argument "--verbose"'));
    expect(() => parseFlags(["two words"], { unknown: "quoted" })).toThrow(new UsageError('unknown argument "two words"'));
  });

  it("types its result by the spec's flag names", () => {
    const flags = parseFlags([], spec);
    expect(flags.values.get("--out")).toBeUndefined();
    // @ts-expect-error not a flag of this spec
    flags.values.get("--output");
    // @ts-expect-error --schema is repeatable: its values are in lists
    flags.values.get("--schema");
    expect(flags.lists.get("--schema")).toBeUndefined();
  });
});
