// The `--port` of the commands that listen on 127.0.0.1 (preview, mock): the one rule for its
// value, and the one line for a port that another process holds.
import { UsageError } from "./flags.js";

/** The port `--port` names: an integer from 0 (any free port) to 65535; `undefined` when not given. */
export function portFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,5}$/.test(text) && Number(text) <= 65_535) return Number(text);
  throw new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(text)}`);
}

/** The usage error for a listen that failed because the port is taken; `undefined` for any other failure. */
export function portInUse(error: unknown, port: number): UsageError | undefined {
  return (error as { code?: unknown } | null)?.code === "EADDRINUSE" ? new UsageError(`port ${port} on 127.0.0.1 is in use: choose another with --port`) : undefined;
}
