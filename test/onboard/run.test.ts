// onboard() against the stateful fake, one situation per test, on one embedded database: the
// happy path and a run repeated, each reason a record stops for, and every unknown outcome the
// journal has to settle (a lost create answered 409 once its key expired, a bulk save, an upload
// and a submit whose answers were lost), each checked by the effects the fake counted.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type OnboardEvent, type OnboardOptions, onboard, type OnboardResult } from "../../src/onboard/index.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { customer, expectedEffects, type GeneratedRecord, writeInput } from "../support/onboard-input.js";

let fake: FakeCircle;
let dir: string;
let stateDir: string;
let inputs = 0;
beforeAll(async () => {
  fake = await startFakeCircle();
  dir = await mkdtemp(join(tmpdir(), "circle-onboard-"));
  stateDir = join(dir, "state");
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.intercept(undefined);
  fake.configure({ faults: {}, rateLimit: undefined });
});

/** Runs `records` (written as a fresh input file) on the shared state directory. */
async function run(records: GeneratedRecord[], options: Partial<OnboardOptions> = {}): Promise<OnboardResult & { events: OnboardEvent[]; effects: FakeCircle["model"]["counts"] }> {
  const before = { ...fake.model.counts };
  const input = await writeInput(join(dir, `input-${++inputs}`), records);
  const events: OnboardEvent[] = [];
  const result = await onboard({
    input,
    token: fake.token,
    baseUrl: fake.url,
    stateDir,
    tuning: { retryDelaySeconds: 1, pollIntervalSeconds: 0.5, progressIntervalMs: 200, graceMs: 2000 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  const after = fake.model.counts;
  const effects = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]])) as unknown as FakeCircle["model"]["counts"];
  return { ...result, events, effects };
}

const stateOf = (result: OnboardResult, ref: string) => result.records.find((r) => r.ref === ref);
const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => customer(from + i));

describe("a run", () => {
  it("carries every record through, and a second run of the same input changes nothing", async () => {
    const records = batch(1, 3);
    const first = await run(records);
    expect(first.summary).toMatchObject({ total: 3, submitted: 3, stopped: 0, failed: 0, invalid: 0, unfinished: 0 });
    expect(first.effects).toEqual({ ...expectedEffects(records), entityUpdates: 0 });
    expect(fake.model.duplicates()).toEqual([]);
    const report = (await readFile(join(stateDir, "report.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(report.map((l) => [l.ref, l.state])).toEqual(records.map((r) => [r.ref, "submitted"]));
    for (const line of report) expect(fake.model.applications.get(line.applicationId as string)?.status).toBe("SUBMITTED");
    expect(first.events.filter((e) => e.type === "step" && e.step === "submit")).toHaveLength(3);

    const requests = fake.requests.total;
    const again = await run(records);
    expect(again.summary).toMatchObject({ total: 3, submitted: 3 });
    expect(again.events.find((e) => e.type === "start")).toMatchObject({ records: 0, alreadySubmitted: 3 });
    expect(again.effects).toEqual({ clients: 0, entities: 0, entityUpdates: 0, documents: 0, submissions: 0 });
    // Only the key check: nothing is read or sent for a submitted record.
    expect(fake.requests.total - requests).toBe(1);
  });

  it("stops a record whose device check is missing (404, code 181110) and submits it once the check is done", async () => {
    const [blocked, fine] = batch(20, 2);
    fake.model.rules.deviceCheckMissing.add(blocked!.client.clientName);
    const first = await run([blocked!, fine!]);
    expect(stateOf(first, blocked!.ref)).toMatchObject({ state: "stopped", code: "device_check" });
    expect(stateOf(first, blocked!.ref)!.reason).toMatch(/device check/);
    expect(stateOf(first, fine!.ref)).toMatchObject({ state: "submitted" });
    expect(first.effects.submissions).toBe(1);

    fake.model.rules.deviceCheckMissing.delete(blocked!.client.clientName);
    const second = await run([blocked!, fine!]);
    expect(second.events.find((e) => e.type === "start")).toMatchObject({ records: 1, requeued: 1, alreadySubmitted: 1 });
    expect(stateOf(second, blocked!.ref)).toMatchObject({ state: "submitted" });
    expect(second.effects).toEqual({ clients: 0, entities: 0, entityUpdates: 0, documents: 0, submissions: 1 });
  });

  it("stops a record the server refuses with 422, and takes the corrected record on the next run", async () => {
    const [refused] = batch(30, 1);
    fake.model.rules.rejectedLegalNames.add(refused!.client.clientName);
    const first = await run([refused!]);
    expect(stateOf(first, refused!.ref)).toMatchObject({ state: "stopped", code: "validation" });
    expect(stateOf(first, refused!.ref)!.reason).toContain("basicBusinessInfo.legalName");
    expect(first.effects).toMatchObject({ clients: 1, entities: 0, documents: 0, submissions: 0 });

    const corrected = structuredClone(refused!);
    (corrected.data.basicBusinessInfo as Record<string, unknown>).legalName = "Corrected Legal Name LLC";
    const second = await run([corrected]);
    expect(stateOf(second, refused!.ref)).toMatchObject({ state: "submitted" });
    expect(second.effects).toEqual({ ...expectedEffects([corrected]), clients: 0, entityUpdates: 0 });
  });

  it("refuses a record against the live schema with all its field errors at once, before its data is sent", async () => {
    const [bad] = batch(40, 1);
    // A template this journal has not seen yet: the client has to be created to read its schema.
    bad!.client.businessDetails.institutionType = "foundation";
    (bad!.data.beneficial_owners as Record<string, unknown>[])[0]!.ownershipPercentage = 10;
    (bad!.data as Record<string, unknown>).tax_details = { ein: "12-3456789" };
    bad!.documents[0]!.documentType = "bankStatement";
    const result = await run([bad!]);
    const line = stateOf(result, bad!.ref)!;
    expect(line).toMatchObject({ state: "stopped", code: "validation" });
    expect(line.reason).toContain("beneficial_owners.0.ownershipPercentage");
    expect(line.reason).toContain("tax_details");
    expect(line.reason).toContain("documents.0.documentType");
    expect(result.effects).toEqual({ clients: 1, entities: 0, entityUpdates: 0, documents: 0, submissions: 0 });

    // The next record of that template is checked against the schema kept from the first: nothing is sent at all.
    const [next] = batch(41, 1);
    next!.client.businessDetails.institutionType = "foundation";
    (next!.data.basicBusinessInfo as Record<string, unknown>).website = "not a url";
    const second = await run([next!]);
    expect(stateOf(second, next!.ref)).toMatchObject({ state: "stopped", code: "validation" });
    expect(stateOf(second, next!.ref)!.reason).toMatch(/refused before anything was sent.*basicBusinessInfo\.website/);
    expect(second.effects).toEqual({ clients: 0, entities: 0, entityUpdates: 0, documents: 0, submissions: 0 });
  });

  it("stops a record whose application has left DRAFT", async () => {
    const [record] = batch(50, 1);
    const created = fake.model.createClient(record!.client).body as { data: { clientEntityId: string; applicationId: string } };
    fake.model.applications.get(created.data.applicationId)!.status = "CANCELLED";
    const continued = { ...record!, applicationId: created.data.applicationId, clientEntityId: created.data.clientEntityId };
    const result = await run([continued]);
    expect(stateOf(result, record!.ref)).toMatchObject({ state: "stopped", code: "not_draft", applicationId: created.data.applicationId });
    expect(stateOf(result, record!.ref)!.reason).toContain("CANCELLED");
  });

  it("does not take over a client of the same name and country that this run did not create", async () => {
    const [record] = batch(60, 1);
    fake.model.createClient(record!.client);
    const clients = fake.model.clients.length;
    const result = await run([record!]);
    expect(stateOf(result, record!.ref)).toMatchObject({ state: "stopped", code: "needs_attention" });
    expect(stateOf(result, record!.ref)!.reason).toMatch(/already exists .* this run did not create it/);
    expect(fake.model.clients.length).toBe(clients);
  });
});

describe("an unknown outcome", () => {
  /** The first POST to a path ending in `suffix` takes effect, its answer is lost, and Circle forgets the idempotency keys before the retry. */
  const loseFirstAnswer = (suffix: string, fault: "reset-after" | "error-after"): void => {
    let lost = false;
    fake.intercept(({ method, path }) => {
      if (method !== "POST" || !path.endsWith(suffix) || lost) return undefined;
      lost = true;
      return { fault, after: () => fake.model.expireKeys() };
    });
  };

  it("on create, answered 409 once the key expired, is shown to be this record's client, and the record continues with the application id", async () => {
    const [record] = batch(70, 1);
    // The client is created, the answer is lost, and by the next try Circle has forgotten the key.
    loseFirstAnswer("/v1/partner/clients", "reset-after");
    const first = await run([record!]);
    const line = stateOf(first, record!.ref)!;
    expect(line).toMatchObject({ state: "stopped", code: "needs_attention" });
    const client = fake.model.clients.find((c) => c.clientName === record!.client.clientName)!;
    expect(line.clientEntityId).toBe(client.clientEntityId);
    expect(line.reason).toMatch(/this run created client .* add "applicationId"/);
    expect(first.effects.clients).toBe(1);

    const second = await run([{ ...record!, applicationId: client.applicationId }]);
    expect(stateOf(second, record!.ref)).toMatchObject({ state: "submitted", applicationId: client.applicationId, clientEntityId: client.clientEntityId });
    expect(fake.model.clients.filter((c) => c.clientName === record!.client.clientName)).toHaveLength(1);
    expect(first.effects.clients + second.effects.clients).toBe(1);
  });

  it("on the bulk save is reconciled by reading the data back: nothing is saved twice", async () => {
    const records = batch(80, 2);
    let failed = 0;
    fake.intercept(({ method, path }) => (method === "PATCH" && path.endsWith("/data") && failed++ < 2 ? { fault: "error-after" } : undefined));
    const result = await run(records);
    expect(result.summary).toMatchObject({ submitted: 2 });
    expect(failed).toBe(2);
    expect(result.effects).toEqual({ ...expectedEffects(records), entityUpdates: 0 });
    expect(result.events.filter((e) => e.type === "step" && e.step === "data" && e.how === "found")).toHaveLength(2);
    expect(fake.model.duplicates()).toEqual([]);
  });

  it("on an upload is looked up in the documents list before anything is sent again", async () => {
    const [record] = batch(90, 1);
    loseFirstAnswer("/documents", "reset-after");
    const result = await run([record!], { client: { maxRetries: 0 } });
    expect(result.summary).toMatchObject({ submitted: 1 });
    expect(result.effects.documents).toBe(record!.documents.length);
    expect(result.events.some((e) => e.type === "step" && e.step === "document:0" && e.how === "found")).toBe(true);
  });

  it("on the submit is settled by the application's status: submitted once", async () => {
    const [record] = batch(100, 1);
    loseFirstAnswer("/submit", "error-after");
    const result = await run([record!], { client: { maxRetries: 0 } });
    expect(result.summary).toMatchObject({ submitted: 1 });
    expect(result.effects.submissions).toBe(1);
    expect(result.events.some((e) => e.type === "step" && e.step === "submit" && e.how === "found")).toBe(true);
  });
});

describe("before anything is sent", () => {
  it("a dry run checks the input (and the data, against --schema) and sends nothing", async () => {
    const records = batch(110, 2);
    (records[1]!.data.beneficial_owners as Record<string, unknown>[])[0]!.lastName = "";
    const requests = fake.requests.total;
    const { fakeTemplate } = await import("../support/fake-circle/template.js");
    const result = await run(records, { dryRun: true, schemas: { trust: fakeTemplate }, report: join(dir, "dry.csv") });
    expect(fake.requests.total).toBe(requests);
    expect(result.summary).toMatchObject({ invalid: 1, submitted: 0 });
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, ref: records[1]!.ref, field: "data.beneficial_owners.0.lastName" })]);
    const csv = await readFile(join(dir, "dry.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe("ref,clientEntityId,applicationId,state,code,reason,line");
    expect(csv).toContain(`${records[1]!.ref},,,invalid,input,`);
  });

  it("--schema validates the whole input up front: an invalid record is reported and nothing is sent for it", async () => {
    const records = batch(120, 2);
    delete (records[0]!.data.basicBusinessInfo as Record<string, unknown>).legalName;
    const { fakeTemplate } = await import("../support/fake-circle/template.js");
    const result = await run(records, { schemas: { trust: fakeTemplate } });
    expect(result.summary).toMatchObject({ total: 2, submitted: 1, invalid: 1 });
    expect(result.records.find((r) => r.line === 1)).toMatchObject({ state: "invalid", ref: records[0]!.ref });
    expect(result.effects.clients).toBe(1);
  });
});

it("goes on under a rate limit, pacing itself instead of failing", async () => {
  fake.configure({ rateLimit: { perSecond: 40, burst: 5 } });
  const records = batch(130, 6);
  const tooMany = fake.requests.tooMany;
  const result = await run(records, { concurrency: 6 });
  expect(result.summary).toMatchObject({ submitted: 6, failed: 0 });
  expect(result.summary.tooManyRequests).toBe(fake.requests.tooMany - tooMany);
  expect(result.effects).toEqual({ ...expectedEffects(records), entityUpdates: 0 });
});
