// The state directory's lock: PGlite is one process's database, so a second run on the same
// directory is refused rather than allowed to corrupt it. A lock file appears whole (written
// aside, then hard-linked into place), so no run reads one half-written. A lock whose process is
// gone is taken over through a claim: a hard link to it under a name of its own content, which
// only one run can create and which shows whether it still pins that lock; only the run holding
// the claim removes the dead lock, so of several runs taking it over at once exactly one wins.
import { createHash, randomUUID } from "node:crypto";
import { link, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sleep } from "../retry.js";
import { OnboardConfigError } from "./config-error.js";

/**
 * The contents of the locks this process holds or is taking. A lock naming this process is held
 * only if it is one of these; any other is left by an earlier process that had the same pid (a
 * container started again).
 */
const ours = new Set<string>();

/** How often, and how far apart, an empty lock or a pending claim is looked at again before the run is refused. */
const patience = 10;
const waitMs = 100;

/** Takes `<stateDir>/lock` for this process; the function returned releases it. */
export async function lockDirectory(stateDir: string): Promise<() => Promise<void>> {
  const path = join(stateDir, "lock");
  const content = `${process.pid}\n${randomUUID()}\n`;
  const draft = join(stateDir, `lock.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(draft, content, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    throw cannotWrite(path, error);
  });
  ours.add(content);
  let taken = false;
  try {
    for (let attempt = 0, waits = 0; attempt < 100; attempt++) {
      if (await linked(draft, path)) {
        taken = true;
        await sweep(stateDir);
        return async () => {
          ours.delete(content);
          await rm(path, { force: true });
        };
      }
      const held = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : ""));
      if (held === null) continue; // released in between
      const pid = pidOf(held);
      if (pid !== undefined && (pid === process.pid ? ours.has(held) : isAlive(pid))) {
        throw new OnboardConfigError(`--state-dir: ${stateDir} is in use by another run (process ${pid}); wait for it to finish, or use --database-url for several workers`);
      }
      // Empty (an older version's run still writing it) or being taken over by another run: wait a little.
      const undecided = pid === undefined ? "empty" : await takeOver(path, held, claimOf(stateDir, held));
      if (undecided === "done") continue;
      if (++waits >= patience) {
        throw new OnboardConfigError(
          undecided === "empty"
            ? `--state-dir: the lock ${path} names no process; if no run is using ${stateDir}, delete it`
            : `--state-dir: a takeover of the lock ${path} of process ${pid} was left unfinished; if no run is using ${stateDir}, delete it and ${claimOf(stateDir, held)}`,
        );
      }
      await sleep(waitMs, null);
    }
    throw new OnboardConfigError(`--state-dir: cannot take the lock ${path}`);
  } finally {
    if (!taken) ours.delete(content);
    await rm(draft, { force: true });
  }
}

/** Links `draft` to `path`: false when `path` exists. */
async function linked(draft: string, path: string): Promise<boolean> {
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw cannotWrite(path, error as NodeJS.ErrnoException);
  }
}

/** The claim name of a lock: its content's fingerprint, the same for every run that read it. */
function claimOf(stateDir: string, content: string): string {
  return join(stateDir, `lock.claim.${createHash("sha256").update(content).digest("hex").slice(0, 16)}`);
}

/**
 * Removes the dead run's lock `dead` from `path`, if it is still there: `done` when there is
 * nothing more to do here (removed, or no longer there), `claimed` when another run holds its claim.
 */
async function takeOver(path: string, dead: string, claim: string): Promise<"done" | "claimed"> {
  try {
    await link(path, claim);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return "claimed";
    if (code === "ENOENT") return "done";
    throw cannotWrite(path, error as NodeJS.ErrnoException);
  }
  // The claim pins what `path` held at the link: the dead lock, unless it was replaced after it was read.
  const pinned = await readFile(claim, "utf8").catch(() => "");
  if (pinned === dead) await rm(path);
  await rm(claim, { force: true });
  return "done";
}

/** Removes what runs killed while taking the lock left beside it (no claim is live once the lock is taken). */
async function sweep(stateDir: string): Promise<void> {
  for (const entry of await readdir(stateDir).catch(() => [])) {
    const draft = /^lock\.(\d+)\.[0-9a-f-]+\.tmp$/.exec(entry);
    if (entry.startsWith("lock.claim.") || (draft && Number(draft[1]) !== process.pid && !isAlive(Number(draft[1])))) await rm(join(stateDir, entry), { force: true });
  }
}

/** The process a lock names, from its first line; undefined for an empty or garbled lock. */
function pidOf(content: string): number | undefined {
  const pid = Number(content.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function cannotWrite(path: string, error: NodeJS.ErrnoException): OnboardConfigError {
  return new OnboardConfigError(`--state-dir: cannot write ${path} (${error.code ?? error.message})`);
}
