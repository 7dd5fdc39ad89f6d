// The stop-signal listeners every long-running command uses: both signals, and none left behind.
import { describe, expect, it } from "vitest";
import { nextStopSignal, onStopSignal } from "../../src/cli/signals.js";

describe("stop signals", () => {
  it("onStopSignal hears SIGINT and SIGTERM until it is told to stop listening", () => {
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const heard: string[] = [];
    const stop = onStopSignal((signal) => heard.push(signal));
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGINT", "SIGINT");
    stop();
    expect(heard).toEqual(["SIGTERM", "SIGINT"]);
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });

  it("nextStopSignal resolves with the first one's name and leaves no listener behind", async () => {
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const next = nextStopSignal();
    process.emit("SIGINT", "SIGINT");
    expect(await next).toBe("SIGINT");
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});
