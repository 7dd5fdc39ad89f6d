// The `circle-onboarding` bin as a child process (through tsx, from the sources), its `--json`
// events parsed as they arrive, so a test can wait for a moment and then kill it.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A running bin. */
export interface CliProcess {
  child: ChildProcess;
  /** Parsed JSON lines of stdout so far. */
  events: Record<string, unknown>[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when an event matches (rejects if the process exits first). */
  waitFor(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** The exit code, or the signal's name. */
  exit: Promise<number | string>;
}

/** Starts `circle-onboarding <args>` with `env` added to the environment. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  const events: Record<string, unknown>[] = [];
  let stderr = "";
  let buffered = "";
  const waiters: { match: (event: Record<string, unknown>) => boolean; resolve: (event: Record<string, unknown>) => void; reject: (error: Error) => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (!line.trim()) continue;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  void exit.then((how) => {
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the bin exited (${how}) before the awaited event; stderr:\n${stderr}`));
  });
  return {
    child,
    events,
    stderr: () => stderr,
    waitFor: (match) =>
      new Promise((resolve, reject) => {
        const found = events.find(match);
        if (found) return resolve(found);
        if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`the bin had exited before the awaited event; stderr:\n${stderr}`));
        waiters.push({ match, resolve, reject });
      }),
    exit,
  };
}
