// The `onboard` command's contract with a person or a script: bad input gets one line per
// problem naming the line and the field, and nothing is sent for that record; a usage or
// configuration error is one line and exit code 2, before anything is sent.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnboard } from "../../src/cli/onboard.js";
import { type CommandRun, runCommand } from "../support/command-run.js";
import { type FakeCircle, startFakeCircle } from "../support/fake-circle/server.js";
import { fakeTemplate } from "../support/fake-circle/template.js";
import { customer, writeInput } from "../support/onboard-input.js";

let fake: FakeCircle;
let dir: string;
beforeAll(async () => {
  fake = await startFakeCircle();
  dir = await mkdtemp(join(tmpdir(), "circle-onboard-cli-"));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = { CIRCLE_API_KEY: fake.token }): Promise<CommandRun> {
  return runCommand(runOnboard, args, { env, cwd: dir, signal: new AbortController().signal, stderrIsTTY: false });
}

describe("usage and configuration errors: one line, exit code 2, nothing sent", () => {
  it.each([
    [["--input"], /^onboard: --input needs a value\n$/],
    [["--bogus"], /^onboard: unknown argument --bogus \(see --help\)\n$/],
    [[], /^onboard: --input: expected a JSON Lines file of records/],
    [["--worker"], /^onboard: --worker: needs --database-url/],
    [["--input", "x.jsonl", "--concurrency", "lots"], /^onboard: --concurrency: expected an integer of at least 1, got "lots"\n$/],
    [["--input", "x.jsonl", "--environment", "staging"], /^onboard: --environment: expected sandbox or production, got "staging"\n$/],
    [["--input", "x.jsonl", "--schema", "trust"], /^onboard: --schema: expected <natureOfBusiness>=<file>, got "trust"\n$/],
    [["--input", "x.jsonl", "--schema", "trust=missing.json"], /^onboard: cannot read --schema trust missing\.json: ENOENT.*\n$/],
    [["--input", "missing.jsonl"], /^onboard: --input: cannot read .*missing\.jsonl \(ENOENT\)\n$/],
    [["--input", "x.jsonl", "--database-url", "mysql://db.example/x"], /^onboard: --database-url: expected a postgres:\/\/ or postgresql:\/\/ URL, got mysql:\/\/…\n$/],
  ])("%j", async (args, message) => {
    const requests = fake.requests.total;
    const result = await cli(["--base-url", fake.url, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(fake.requests.total).toBe(requests);
  });

  it("a database that cannot be reached is named, with the reason, and its password is not shown", async () => {
    const input = await writeInput(join(dir, "db"), [customer(1)]);
    const result = await cli(["--input", input, "--base-url", fake.url, "--database-url", "postgres://onboard:s3cret@127.0.0.1:1/circle"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^onboard: --database-url: cannot use the database at 127\.0\.0\.1:1\/circle: .*ECONNREFUSED/);
    expect(result.stderr).not.toContain("s3cret");
  });

  it("a missing or refused API key ends the run before anything is queued", async () => {
    const input = await writeInput(join(dir, "key"), [customer(2)]);
    const missing = await cli(["--input", input, "--base-url", fake.url, "--state-dir", join(dir, "key-state")], {});
    expect(missing).toMatchObject({ code: 2, stderr: "onboard: CIRCLE_API_KEY: expected the Circle API key (the token option)\n" });
    const refused = await cli(["--input", input, "--base-url", fake.url, "--state-dir", join(dir, "key-state"), "--json"], { CIRCLE_API_KEY: "not-the-key" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^onboard: Circle refused the API key \(401 Unauthorized: Malformed authorization\.\)/);
    expect(JSON.parse(refused.stdout.trim().split("\n").at(-1)!)).toMatchObject({ type: "error" });
    expect(fake.model.clients).toHaveLength(0);
  });
});

describe("bad records", () => {
  it("are reported by line and field, and only the good records are sent (exit 1)", async () => {
    const good = customer(10);
    const badCountry = customer(11);
    badCountry.client.country = "USA";
    const unknownSection = customer(12);
    (unknownSection.data as Record<string, unknown>).tax_details = { ein: "12-3456789" };
    const badField = customer(13);
    (badField.data.beneficial_owners as Record<string, unknown>[])[0]!.ownershipPercentage = 10;
    const missingFile = customer(14);
    const input = await writeInput(join(dir, "bad"), [good, badCountry, unknownSection, badField, missingFile], ["{ not json", '["an", "array"]', JSON.stringify(good)]);
    await rm(join(dir, "bad", missingFile.documents[1]!.path as string));
    await writeFile(join(dir, "template.json"), JSON.stringify(fakeTemplate));
    const result = await cli(["--input", input, "--base-url", fake.url, "--state-dir", join(dir, "bad-state"), "--schema", `trust=${join(dir, "template.json")}`, "--poll-seconds", "0.5"]);
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stderr.split("\n");
    const problem = (line: number) => lines.filter((l) => l.startsWith(`onboard: line ${line} `) || l.startsWith(`onboard: line ${line}:`));
    expect(problem(2)).toEqual([`onboard: line 2 (cust-00011): client.country: expected a string of exactly 2 characters, got "USA"`]);
    expect(problem(3)).toEqual([expect.stringMatching(/^onboard: line 3 \(cust-00012\): data\.tax_details: tax_details is not a section of this application/)]);
    expect(problem(4)).toEqual([expect.stringMatching(/^onboard: line 4 \(cust-00013\): data\.beneficial_owners\.0\.ownershipPercentage: /)]);
    expect(problem(5)).toEqual([expect.stringMatching(/^onboard: line 5 \(cust-00014\): documents\.1\.path: expected an existing file, found none at .*owner-0\.pdf$/)]);
    expect(problem(6)).toEqual([expect.stringMatching(/^onboard: line 6: \(line\): expected one JSON object per line: /)]);
    expect(problem(7)).toEqual(["onboard: line 7: (record): expected a JSON object, got an array"]);
    expect(problem(8)).toEqual(['onboard: line 8 (cust-00010): ref: expected a unique ref; "cust-00010" is already used on line 1']);
    expect(result.stderr).toMatch(/onboard: 8 records in \d+s: 1 submitted, 7 invalid/);
    expect(fake.model.clients.map((c) => c.clientName)).toEqual([good.client.clientName]);
  });

  it("a dry run exits 0 when every record is valid, and sends nothing", async () => {
    const input = await writeInput(join(dir, "dry"), [customer(20), customer(21)]);
    const requests = fake.requests.total;
    const result = await cli(["--input", input, "--dry-run", "--state-dir", join(dir, "dry-state")], {});
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toContain("onboard: dry run: 2 valid records, 0 invalid; nothing was sent");
    expect(fake.requests.total).toBe(requests);
  });
});

it("--help prints the usage on stdout", async () => {
  const result = await cli(["--help"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Usage: circle-onboarding onboard --input <customers\.jsonl> \[options\]/);
});
