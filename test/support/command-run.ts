// A command of the bin run in this process, with what it prints captured.

/** A finished command: its exit code and everything it wrote to stdout and stderr. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` on `argv` with `io` and captured stdout and stderr. */
export async function runCommand<Io extends { stdout: (text: string) => void; stderr: (text: string) => void }>(
  command: (argv: readonly string[], io: Io) => Promise<number>,
  argv: readonly string[],
  io: Omit<Io, "stdout" | "stderr">,
): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  const code = await command(argv, { ...io, stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) } as Io);
  return { code, stdout, stderr };
}
