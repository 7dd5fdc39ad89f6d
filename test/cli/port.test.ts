// The --port rule of preview and mock, and the one line for a port another process holds.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/flags.js";
import { portFlag, portInUse } from "../../src/cli/port.js";
import { heldPort } from "../support/ports.js";

describe("portFlag", () => {
  it.each([
    ["0", 0],
    ["4010", 4010],
    ["65535", 65_535],
    [undefined, undefined],
  ])("%j → %j", (text, port) => {
    expect(portFlag(text)).toBe(port);
  });

  it.each(["65536", "-1", "80.5", "0x50", " 80", "", "000000080"])("refuses %j with one line naming the flag and the range", (text) => {
    expect(() => portFlag(text)).toThrow(new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(text)}`));
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
