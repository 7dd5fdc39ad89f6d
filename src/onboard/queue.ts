// The pg-boss side of a run: one queue of records with retries and backoff, a dead-letter queue
// for records whose retries are spent, one job per record whose id is derived from the record's
// ref (so enqueuing the same input twice adds nothing), grouped by partner account so that
// pg-boss's group concurrency caps what a fleet has in flight for one account.
import { createHash } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Admission } from "./journal.js";

/** A target's two queues: its records, and where records go once their retries are spent. */
export interface QueueNames {
  records: string;
  dead: string;
}

/**
 * The queues of a target (an API base URL). Sandbox and production runs that share a database
 * never take each other's records: a worker only works the queues of the target it calls.
 */
export function queueNamesOf(target: string): QueueNames {
  const tag = createHash("sha256").update(target).digest("hex").slice(0, 10);
  return { records: `circle-onboarding-records-${tag}`, dead: `circle-onboarding-dead-${tag}` };
}

/** A job's data: the record's ref and the target it belongs to. */
export interface RecordJob {
  target: string;
  ref: string;
}

/** Retry policy of the record queue. */
export interface RetryPolicy {
  /** Retries after the first attempt before a record is dead-lettered. */
  retryLimit: number;
  /** First delay, in seconds, doubled (with jitter) on each retry. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** A job whose worker stops heartbeating for this long goes back to the queue (≥ 10). */
  heartbeatSeconds: number;
}

/** Creates both queues; settings of existing queues are brought up to date. */
export async function ensureQueues(boss: PgBoss, queues: QueueNames, policy: RetryPolicy): Promise<void> {
  await boss.createQueue(queues.dead, { retentionSeconds: 30 * 86_400, deleteAfterSeconds: 30 * 86_400 });
  const options = {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: policy.retryDelayMaxSeconds,
    heartbeatSeconds: policy.heartbeatSeconds,
    expireInSeconds: 3600,
    deleteAfterSeconds: 7 * 86_400,
    deadLetter: queues.dead,
  };
  if (await boss.getQueue(queues.records)) await boss.updateQueue(queues.records, options);
  else await boss.createQueue(queues.records, options);
}

/** The job id of a record: a UUID derived from the target and the ref (the layout of a version-5 UUID, over SHA-256). */
export function jobIdOf(target: string, ref: string): string {
  const hex = createHash("sha256").update(`circle-onboarding\n${target}\n${ref}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The group of a partner account: a fingerprint of its API key, never the key. */
export function accountGroupOf(target: string, token: string): string {
  return `account-${createHash("sha256").update(`${target}\n${token}`).digest("hex").slice(0, 16)}`;
}

/**
 * Puts admitted records on the queue. A record that stopped or failed before gets its old job
 * removed first, so that the same id can be queued again; a record already queued keeps its job.
 */
export async function enqueue(boss: PgBoss, queues: QueueNames, target: string, group: string, admissions: Admission[]): Promise<void> {
  const toQueue = admissions.filter((a) => a.previous !== "submitted");
  const requeued = toQueue.filter((a) => a.previous === "stopped" || a.previous === "failed").map((a) => jobIdOf(target, a.ref));
  for (let i = 0; i < requeued.length; i += 500) {
    const ids = requeued.slice(i, i + 500);
    await boss.deleteJob(queues.records, ids);
    await boss.deleteJob(queues.dead, ids);
  }
  for (let i = 0; i < toQueue.length; i += 500) {
    const jobs = toQueue.slice(i, i + 500).map((a) => ({ id: jobIdOf(target, a.ref), data: { target, ref: a.ref } satisfies RecordJob, group: { id: group } }));
    await boss.insert(queues.records, jobs);
  }
}

/**
 * Puts back on the queue the jobs a killed process left active. Only for the embedded database,
 * whose lock proves that no other process can be working on them; in a fleet, pg-boss's
 * heartbeat check does this for a worker that died.
 */
export async function recoverOrphans(boss: PgBoss, queues: QueueNames): Promise<number> {
  const active: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await boss.findJobs(queues.records, { limit: 1000, ...(after === undefined ? {} : { after }) });
    for (const job of page) if (job.state === "active" || job.state === "cancelled") active.push(job.id);
    if (page.length < 1000) break;
    after = page.at(-1)!.id;
  }
  if (!active.length) return 0;
  // Cancel then resume: the job is queued again without spending one of its retries. (A run
  // never cancels jobs otherwise, so a cancelled one is from a run killed between the two.)
  await boss.cancel(queues.records, active);
  await boss.resume(queues.records, active);
  return active.length;
}
