// Generated onboarding input for the tests and the benchmark: customers shaped for the fake's
// template, each with one or two beneficial owners and a document per person, written as a JSON
// Lines file beside the document files it names.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CreateClientParams } from "../../src/types.js";
import { consent } from "./ids.js";

/** One generated customer, as a line of the input. */
export interface GeneratedRecord {
  ref: string;
  client: CreateClientParams;
  data: Record<string, unknown>;
  documents: Record<string, unknown>[];
  submit: { endUserAgreesToTermsOfService: true; endUserIpAddress: string };
  applicationId?: string;
  clientEntityId?: string;
}

/** Customer `n`: owners alternate between one and two; every person has an identity document. */
export function customer(n: number): GeneratedRecord {
  const ref = `cust-${String(n).padStart(5, "0")}`;
  const owners = n % 2 === 0 ? 1 : 2;
  const beneficial_owners = Array.from({ length: owners }, (_, i) => ({ firstName: `Owner${i}`, lastName: `Of ${ref}`, ownershipPercentage: owners === 1 ? 100 : 50 }));
  return {
    ref,
    client: { clientName: `Customer ${n} Trust Co.`, country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } },
    data: { basicBusinessInfo: { legalName: `Customer ${n} Trust Co.`, natureOfBusiness: "trust" }, beneficial_owners },
    documents: [
      { path: `docs/${ref}/rep-passport.pdf`, datumName: "authorizedRepGovernmentId", documentType: "passport", issuedCountry: "US" },
      ...beneficial_owners.map((_, i) => ({ path: `docs/${ref}/owner-${i}.pdf`, datumName: "governmentId", documentType: "passport", issuedCountry: "US", entity: { section: "beneficial_owners", index: i } })),
    ],
    submit: { ...consent },
  };
}

/** What the fake should hold once `records` are all submitted. */
export function expectedEffects(records: GeneratedRecord[]): { clients: number; entities: number; documents: number; submissions: number } {
  return {
    clients: records.length,
    entities: records.reduce((n, r) => n + (r.data.beneficial_owners as unknown[]).length, 0),
    documents: records.reduce((n, r) => n + r.documents.length, 0),
    submissions: records.length,
  };
}

/** Writes `records` to `<dir>/customers.jsonl` with their document files; the input file's path. */
export async function writeInput(dir: string, records: GeneratedRecord[], extraLines: string[] = []): Promise<string> {
  for (const record of records) {
    await mkdir(join(dir, "docs", record.ref), { recursive: true });
    for (const doc of record.documents) await writeFile(join(dir, doc.path as string), `%PDF-1.4 ${record.ref} ${doc.datumName as string}\n`);
  }
  const file = join(dir, "customers.jsonl");
  await writeFile(file, [...records.map((r) => JSON.stringify(r)), ...extraLines].join("\n") + "\n");
  return file;
}
