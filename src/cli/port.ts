// The `--port` of the commands that listen on 127.0.0.1 (preview, mock): the one rule for its
// value, and the one line for a port that another process holds.
import { UsageError } from "./flags.js";

/** The port a flag's text names: an integer from 0 (any free port) to 65535; `undefined` for anything else. */
export function portNumber(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65_535 ? Number(text) : undefined;
}

/** The usage error for a listen that failed because the port is taken; `undefined` for any other failure. */
export function portInUse(error: unknown, port: number): UsageError | undefined {
  return (error as { code?: unknown } | null)?.code === "EADDRINUSE" ? new UsageError(`port ${port} on 127.0.0.1 is in use: choose another with --port`) : undefined;
}
