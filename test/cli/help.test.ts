// Every command's --help has the same layout (usage line, what it does, options in one column,
// --help, exit codes last), `help <command>` prints the same, the bin's help lists every command,
// and each flag the README shows a command with is one the command takes.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runCommand } from "../support/command-run.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const commands = ["sync-schema", "preview", "mock", "onboard"] as const;

const run = (argv: string[]) => runCommand(main, argv, { env: {}, cwd: root });

describe("circle-onboarding --help", () => {
  it("lists every command, each on its own line in one column", async () => {
    const { code, stdout, stderr } = await run(["--help"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const listed = stdout.split("\n").filter((line) => /^ {2}\S/.test(line));
    expect(listed.map((line) => line.trim().split(" ")[0])).toEqual([...commands, "help"]);
    for (const line of listed) expect(line[16], line).toMatch(/\S/);
  });

  it.each(commands)("%s --help: the shared layout, on stdout, exit 0; `help <command>` prints the same", async (name) => {
    const { code, stdout, stderr } = await run([name, "--help"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(new RegExp(`^Usage: circle-onboarding ${name} .+\\n(.+\\n)*\\n[A-Z]`));
    const paragraphs = stdout.trimEnd().split("\n\n");
    const exitCodes = paragraphs.at(-1)!;
    expect(exitCodes.startsWith("Exit codes: 0 ") && exitCodes.includes(", 2 ") && exitCodes.endsWith("."), exitCodes).toBe(true);
    const options = paragraphs.find((p) => p.startsWith("  --"));
    expect(options, "an options block").toBeDefined();
    // Each option's description starts in column 30; a continuation line is indented to it.
    for (const line of options!.split("\n")) {
      const column = line.startsWith("  --") ? line.slice(0, 30) : " ".repeat(30);
      expect(line.startsWith(column) && column.endsWith("  ") && /^\S/.test(line.slice(30)), line).toBe(true);
    }
    expect(options).toMatch(/\n {2}--help {22}show this help$/);
    expect(await run(["help", name])).toEqual({ code, stdout, stderr });
  });

  it("help <unknown> is an unknown command", async () => {
    const { code, stderr } = await run(["help", "sync"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^circle-onboarding: unknown command "sync"\n/);
  });
});

describe("the README", () => {
  it("shows each command only with flags it takes", async () => {
    const readme = await readFile(new URL("README.md", `file://${root}`), "utf8");
    const shown = [...readme.matchAll(/circle-onboarding (sync-schema|preview|mock|onboard)\b([^\n`#]*)/g)];
    expect(new Set(shown.map((m) => m[1]))).toEqual(new Set(commands));
    for (const [line, name, args] of shown) {
      const { stdout } = await run([name!, "--help"]);
      for (const [flag] of args!.matchAll(/--[a-z][a-z-]*/g)) expect(stdout, line).toMatch(new RegExp(`^ +${flag}\\b`, "m"));
    }
  });
});
