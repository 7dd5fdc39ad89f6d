// A throwaway PostgreSQL server for the fleet test and the benchmark: Debian's postgresql
// binaries (installed by .ci/run), a data directory in the temp dir, a free loopback port, and an
// unprivileged user (`postgres`) when the tests run as root, since the server refuses root. A
// missing installation is an error naming what to install, never a silent skip.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { access, chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports.js";

const run = promisify(execFile);

/** A running server. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Where the server binaries are: `PG_BIN`, else the newest of Debian's `/usr/lib/postgresql/<version>/bin`. */
async function postgresBin(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = await readdir("/usr/lib/postgresql").catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return `/usr/lib/postgresql/${newest ?? "15"}/bin`;
}

/** Starts a server; throws, naming what to install, when the binaries are missing. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await postgresBin();
  for (const tool of ["initdb", "postgres", "pg_isready"]) {
    await access(join(bin, tool)).catch(() => {
      throw new Error(`PostgreSQL server binaries not found: ${join(bin, tool)} is missing. Install Debian's postgresql package (apt-get install postgresql, as .ci/run does) or set PG_BIN to a PostgreSQL bin directory.`);
    });
  }
  const root = process.getuid?.() === 0;
  // As root, run everything as the `postgres` system user with setpriv, which execs in place, so
  // the pid we hold is the server's own and a signal reaches it.
  let asUser: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), "circle-pg-"));
  if (root) {
    const uid = Number((await run("id", ["-u", "postgres"]).catch(() => ({ stdout: "" }))).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"]).catch(() => ({ stdout: "" }))).stdout.trim());
    if (!uid || !gid) throw new Error("running as root, but there is no `postgres` user to run the PostgreSQL server as (Debian's postgresql package creates it)");
    await chown(dir, uid, gid);
    asUser = ["setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--init-groups", "--"];
  }
  const command = (tool: string, args: string[]): [string, string[]] => (root ? [asUser[0]!, [...asUser.slice(1), join(bin, tool), ...args]] : [join(bin, tool), args]);
  const data = join(dir, "data");
  await run(...command("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]));
  const port = await freePort();
  const [serverCommand, args] = command("postgres", ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]);
  const server: ChildProcess = spawn(serverCommand, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    const ready = await run(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"]).then(
      () => true,
      () => false,
    );
    if (ready) break;
    if (server.exitCode !== null || i > 100) {
      server.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start on port ${port}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      // SIGINT is the server's fast shutdown: it ends every session and stops.
      if (server.exitCode === null) server.kill("SIGINT");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
