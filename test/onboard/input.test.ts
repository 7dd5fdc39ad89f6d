// The input checks: a record's shape (every problem at once, named by field), JSON Lines quirks,
// the hash that tells an edited record, and a record against an application schema (document
// datums found in their sections, their types, the fields the uploads will fill).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRecord, prepareInput } from "../../src/onboard/index.js";
import { checkAgainstSchema } from "../../src/onboard/schema-check.js";
import { createSchemaValidator, type SchemaObject } from "../../src/sections/index.js";
import { fakeTemplate } from "../support/fake-circle/template.js";
import { customer, writeInput } from "../support/onboard-input.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "circle-onboard-input-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("checkRecord", () => {
  it("names every problem of a record, field by field", () => {
    const record = {
      ref: "has space",
      client: { clientName: "Acme", country: "US", clientType: "person", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } },
      data: { beneficial_owners: [{ firstName: "Jane", refId: "550e8400-e29b-41d4-a716-446655440001" }], basicBusinessInfo: "Acme" },
      documents: [{ path: "a.pdf", datumName: "governmentId", entity: { section: "beneficial_owners", index: 3 } }, { path: "b.pdf" }],
      submit: { endUserAgreesToTermsOfService: false, endUserIpAddress: "203.0.113.7" },
      extra: true,
    };
    const result = checkRecord(record, 7);
    expect("problems" in result && result.problems.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      '7 ref: expected a string of 1 to 200 printable characters without spaces, got "has space"',
      "7 extra: unknown field; expected ref, client, data, documents, submit, applicationId, clientEntityId",
      '7 client.clientType: expected one of "business", got "person"',
      "7 data.beneficial_owners.0.refId: expected no refId: the server assigns it, and the run keeps track of it",
      "7 data.basicBusinessInfo: expected an object (a flat section) or an array (an array section)",
      "7 documents.0.entity.index: expected an index below 1 (the items of data.beneficial_owners), got 3",
      "7 documents.1.datumName: expected a non-empty string, got nothing",
      "7 submit.endUserAgreesToTermsOfService: expected true, got false",
    ]);
  });

  it("accepts a generated customer as it is", () => {
    expect(checkRecord(customer(1), 1)).toHaveProperty("record.ref", "cust-00001");
  });
});

describe("prepareInput", () => {
  it("reads JSON Lines with a byte-order mark, CRLF and blank lines, and resolves documents from the file's folder", async () => {
    const sub = join(dir, "lines");
    const records = [customer(1), customer(2)];
    const file = await writeInput(sub, records);
    const text = "\uFEFF" + records.map((r) => JSON.stringify(r)).join("\r\n\r\n") + "\r\n";
    await writeFile(file, text);
    const { records: prepared, problems } = await prepareInput({ file });
    expect(problems).toEqual([]);
    expect(prepared.map((p) => [p.line, p.record.ref])).toEqual([
      [1, "cust-00001"],
      [3, "cust-00002"],
    ]);
    expect(prepared[0]!.documents[1]).toMatchObject({ absolutePath: join(sub, "docs/cust-00001/owner-0.pdf"), fileName: "owner-0.pdf", size: expect.any(Number) });
  });

  it("gives a record a new hash when one of its files changes, and the same hash otherwise", async () => {
    const sub = join(dir, "hash");
    const record = customer(3);
    await writeInput(sub, [record]);
    const hashOf = async () => (await prepareInput({ records: [record], baseDir: sub })).records[0]!.hash;
    const first = await hashOf();
    expect(await hashOf()).toBe(first);
    await writeFile(join(sub, record.documents[0]!.path as string), "another passport");
    expect(await hashOf()).not.toBe(first);
  });
});

describe("checkAgainstSchema", () => {
  const validator = createSchemaValidator(fakeTemplate);
  const prepare = async (record: ReturnType<typeof customer>) => {
    const sub = join(dir, `schema-${record.ref}`);
    await writeInput(sub, [record]);
    const { records, problems } = await prepareInput({ records: [record], baseDir: sub });
    expect(problems).toEqual([]);
    return records[0]!;
  };

  it("counts the fields the documents will fill as present, so a complete record has no error", async () => {
    expect(checkAgainstSchema(await prepare(customer(4)), validator)).toEqual([]);
  });

  it("finds every problem of the data and the documents at once", async () => {
    const record = customer(5);
    delete (record.data as Record<string, unknown>).beneficial_owners;
    record.documents = [
      { path: record.documents[0]!.path, datumName: "authorizedRepGovernmentId", issuedCountry: "US" },
      { path: record.documents[0]!.path, datumName: "licenseScan" },
    ];
    (record.data.basicBusinessInfo as Record<string, unknown>).website = "not a url";
    const errors = checkAgainstSchema(await prepare(record), validator);
    expect(errors.map((e) => e.path)).toEqual(["documents.0.documentType", "documents.1.datumName", "basicBusinessInfo.website", "beneficial_owners"]);
    expect(errors[0]!.message).toBe("expected one of passport, usdl, usid for authorizedRepGovernmentId, got nothing");
  });

  it("finds a datum behind a $ref that is relative to an embedded resource's $id", async () => {
    const sections = fakeTemplate.properties as Record<string, SchemaObject>;
    const owners = sections.beneficial_owners!;
    const embedded: SchemaObject = {
      ...fakeTemplate,
      properties: {
        ...sections,
        // "#/$defs/person" is this resource's, not the root's (which has no $defs).
        beneficial_owners: { ...owners, items: { $id: "https://fake-circle.invalid/templates/person", $ref: "#/$defs/person", $defs: { person: owners.items } } },
      },
    };
    expect(checkAgainstSchema(await prepare(customer(8)), createSchemaValidator(embedded))).toEqual([]);
  });

  it("without the documents, the fields they fill are required", async () => {
    const record = customer(6);
    record.documents = [];
    const errors = checkAgainstSchema(await prepare(record), validator);
    expect(errors.map((e) => `${e.path} ${e.code}`)).toEqual(["basicBusinessInfo.authorizedRepGovernmentId required", "beneficial_owners.0.governmentId required"]);
  });
});
