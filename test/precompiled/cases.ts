// Payloads the runtime tests validate with the trust fixture's precompiled validator: valid ones,
// and one of each kind of error.
import { readFile } from "node:fs/promises";

/** The trust fixture's schema. */
export async function trustSchema(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL("../fixtures/schemas/trust.json", import.meta.url), "utf8")) as Record<string, unknown>;
}

/** `[section, payload]` pairs. */
export const edgeCases: [string, unknown][] = [
  ["basicBusinessInfo", { legalName: "Acme Trust", natureOfBusiness: "trust" }],
  ["basicBusinessInfo", { legalName: "", natureOfBusiness: "cryptoExchange", website: "not a uri", nickname: "A" }],
  ["beneficial_owners", [{ firstName: "A", lastName: "B", ownershipPercentage: 10, isUsPerson: true }]],
  ["trust_details", { trustDeedDate: "2020-02-30", trustType: "revocable" }],
];
