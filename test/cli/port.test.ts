// The --port rule of preview and mock, and the one line for a port another process holds.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/flags.js";
import { portInUse, portNumber } from "../../src/cli/port.js";
import { heldPort } from "../support/ports.js";

describe("portNumber", () => {
  it.each([
    ["0", 0],
    ["4010", 4010],
    ["65535", 65_535],
    ["65536", undefined],
    ["-1", undefined],
    ["80.5", undefined],
    ["0x50", undefined],
    [" 80", undefined],
    ["", undefined],
    ["000000080", undefined],
  ])("%j → %j", (text, port) => {
    expect(portNumber(text)).toBe(port);
  });
});

describe("portInUse", () => {
  it("names the port and what to do when another process holds it, and nothing for any other failure", async () => {
    const { port, release } = await heldPort();
    try {
      const error = await new Promise<Error>((resolve) => createServer().once("error", resolve).listen(port, "127.0.0.1"));
      expect(portInUse(error, port)).toEqual(new UsageError(`port ${port} on 127.0.0.1 is in use: choose another with --port`));
      expect(portInUse(error, port)).toBeInstanceOf(UsageError);
      expect(portInUse(Object.assign(new Error("listen EACCES"), { code: "EACCES" }), 80)).toBeUndefined();
      expect(portInUse(undefined, 80)).toBeUndefined();
    } finally {
      await release();
    }
  });
});
