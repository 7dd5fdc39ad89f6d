// A logger that records what the client logs, as [level, line] pairs, for assertions.
import type { Logger } from "../../src/index.js";

/** A console-like logger keeping every call; `text()` gives the lines alone. */
export function recordingLogger(): Logger & { lines: [level: string, line: string][]; text(): string[] } {
  const lines: [string, string][] = [];
  const at = (level: string) => (message: string, ...details: unknown[]) =>
    lines.push([level, [message, ...details.map((d) => JSON.stringify(d))].join(" ")]);
  return { lines, text: () => lines.map(([, line]) => line), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
