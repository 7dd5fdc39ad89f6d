// The state directory's lock: one run per directory. An empty lock (another run still writing it,
// or an older version's) is held, not taken; a lock whose process is gone is taken over; of
// several runs taking the lock at once, or taking over the same dead lock, exactly one wins.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { link, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { lockDirectory } from "../../src/onboard/lock.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "circle-lock-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

const lockFile = () => join(dir, "lock");
const holder = async () => Number((await readFile(lockFile(), "utf8")).split("\n")[0]);

it("refuses an empty lock, and leaves it", async () => {
  await writeFile(lockFile(), "");
  await expect(lockDirectory(dir)).rejects.toThrow(/^--state-dir: the lock .*lock names no process; if no run is using .*, delete it$/);
  expect(await readFile(lockFile(), "utf8")).toBe("");
  expect(await readdir(dir)).toEqual(["lock"]);
});

it("refuses the lock of a live process, naming it", async () => {
  await writeFile(lockFile(), `${process.ppid}\n`);
  await expect(lockDirectory(dir)).rejects.toThrow(`--state-dir: ${dir} is in use by another run (process ${process.ppid})`);
  expect(await holder()).toBe(process.ppid);
});

it("takes over the lock of a process that is gone, and releases it", async () => {
  await writeFile(lockFile(), `${await deadPid()}\n`);
  const release = await lockDirectory(dir);
  expect(await holder()).toBe(process.pid);
  await release();
  expect(await readdir(dir)).toEqual([]);
});

it("takes over a lock naming this process that this process does not hold (a container started again)", async () => {
  await writeFile(lockFile(), `${process.pid}\n`);
  const release = await lockDirectory(dir);
  expect(await holder()).toBe(process.pid);
  await release();
});

it("gives the lock to exactly one of two runs of one process taking it at once", async () => {
  const results = await Promise.allSettled([lockDirectory(dir), lockDirectory(dir)]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { message: expect.stringContaining(`is in use by another run (process ${process.pid})`) } });
  await (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<() => Promise<void>>).value();
  // Released: the next run takes it.
  await (await lockDirectory(dir))();
});

it("gives a dead run's lock to exactly one of several runs taking it over at once", async () => {
  await writeFile(lockFile(), `${await deadPid()}\n`);
  const results = await Promise.allSettled([lockDirectory(dir), lockDirectory(dir), lockDirectory(dir)]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect(await holder()).toBe(process.pid);
  // Nothing is left beside the lock: no draft, nothing moved aside.
  expect(await readdir(dir)).toEqual(["lock"]);
});

it("leaves a takeover another run left unfinished (its claim still pins the dead lock) to a person", async () => {
  const dead = `${await deadPid()}\n`;
  await writeFile(lockFile(), dead);
  const claim = join(dir, `lock.claim.${createHash("sha256").update(dead).digest("hex").slice(0, 16)}`);
  await link(lockFile(), claim);
  await expect(lockDirectory(dir)).rejects.toThrow(`--state-dir: a takeover of the lock ${lockFile()} of process ${Number(dead)} was left unfinished; if no run is using ${dir}, delete it and ${claim}`);
  expect(await readFile(lockFile(), "utf8")).toBe(dead);
});
