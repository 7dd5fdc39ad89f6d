// A record checked against its template's known schema before anything was sent is not checked
// again against the live schema when that is the same schema (the same compiled validator): the
// answer could only be the same. Counted by wrapping every validator the run compiles.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { onboard } from "../../src/onboard/index.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { customer, writeInput } from "../support/onboard-input.js";

const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/sections/index.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/sections/index.js")>();
  const createSchemaValidator = (schema: unknown) => {
    const validator = original.createSchemaValidator(schema);
    const validateData = validator.validateData.bind(validator);
    validator.validateData = (data) => {
      checks.count++;
      return validateData(data);
    };
    return validator;
  };
  return { ...original, createSchemaValidator };
});

let fake: FakeCircle;
let dir: string;
beforeAll(async () => {
  fake = await startFakeCircle();
  dir = await mkdtemp(join(tmpdir(), "circle-schema-once-"));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Onboards `records` (one at a time) on the test's state directory; how many times record data was checked against a schema. */
async function checksOf(name: string, records: number[]): Promise<number> {
  const before = checks.count;
  const input = await writeInput(join(dir, name), records.map(customer));
  const { summary } = await onboard({ input, token: fake.token, baseUrl: fake.url, stateDir: join(dir, "state"), concurrency: 1, report: false, tuning: { pollIntervalSeconds: 0.5, progressIntervalMs: 200 } });
  expect(summary).toMatchObject({ total: records.length, submitted: records.length });
  return checks.count - before;
}

it("checks a record once when its template's known schema is the live one", async () => {
  // The first record of the template is checked against the live schema only (none is known
  // yet); the second against the one kept from the first, before its client is created, and not again.
  expect(await checksOf("first-run", [1, 2])).toBe(2);
});

it("also when the known schema was kept by an earlier run (read back from the journal)", async () => {
  expect(await checksOf("second-run", [3])).toBe(1);
});
