// RecordWorkers against a stand-in for pg-boss that records which workers exist: resizing adds
// workers and removes idle ones before busy ones, within 1 and the maximum; close stops them all.
import type { Job, PgBoss } from "pg-boss";
import { expect, it } from "vitest";
import { RecordWorkers } from "../../src/onboard/workers.js";

type Handler = (jobs: Job<{ ref: string }>[]) => Promise<void>;

/** pg-boss's worker calls, on a map of live workers. */
function standIn() {
  const live = new Map<string, Handler>();
  const removed: string[] = [];
  let next = 0;
  const boss = {
    work: async (_queue: string, _options: unknown, handler: Handler) => {
      const id = `w${++next}`;
      live.set(id, handler);
      return id;
    },
    offWork: async (_queue: string, options?: { id?: string }) => {
      for (const id of options?.id ? [options.id] : [...live.keys()]) {
        live.delete(id);
        removed.push(id);
      }
    },
    notifyWorker: () => undefined,
  };
  return { boss: boss as unknown as PgBoss, live, removed };
}

const job = (ref: string) => ({ id: ref, name: "records", data: { ref }, signal: new AbortController().signal }) as unknown as Job<{ ref: string }>;

it("adds and removes workers, idle ones first, within 1 and the maximum", async () => {
  const { boss, live, removed } = standIn();
  const release: (() => void)[] = [];
  const workers = new RecordWorkers<{ ref: string }>({
    boss,
    queue: "records",
    work: {},
    max: 6,
    nextAfterMs: () => 0,
    handler: () => new Promise<void>((resolve) => release.push(resolve)),
  });
  workers.resize(4);
  await workers.settled();
  expect([...live.keys()]).toEqual(["w1", "w2", "w3", "w4"]);

  // w1 and w3 take a record each.
  const running = [live.get("w1")!([job("a")]), live.get("w3")!([job("b")])];
  expect(workers.busy).toBe(2);
  workers.resize(3);
  workers.resize(1);
  await workers.settled();
  // The idle w2 and w4 went first, then a busy one (it finishes its record, and claims no more).
  expect(removed).toEqual(["w2", "w4", "w3"]);
  expect(workers.limit).toBe(1);

  workers.resize(100);
  workers.resize(0);
  workers.resize(8);
  await workers.settled();
  expect(workers.limit).toBe(6);
  expect(live.size).toBe(6);

  for (const done of release) done();
  await Promise.all(running);
  expect(workers.busy).toBe(0);
  await workers.close();
  expect(live.size).toBe(0);
  // Closed: a resize adds nothing.
  workers.resize(3);
  await workers.settled();
  expect(live.size).toBe(0);
});
