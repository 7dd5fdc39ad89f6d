// Payloads the runtime tests validate with the trust fixture's precompiled validator: valid ones,
// and one of each kind of error.

/** `[section, payload]` pairs. */
export const edgeCases: [string, unknown][] = [
  ["basicBusinessInfo", { legalName: "Acme Trust", natureOfBusiness: "trust" }],
  ["basicBusinessInfo", { legalName: "", natureOfBusiness: "cryptoExchange", website: "not a uri", nickname: "A" }],
  ["beneficial_owners", [{ firstName: "A", lastName: "B", ownershipPercentage: 10, isUsPerson: true }]],
  ["trust_details", { trustDeedDate: "2020-02-30", trustType: "revocable" }],
];
