// The generated section types reject what the schema rejects where TypeScript can say it:
// conditional requirements on a const/enum/boolean field, closed objects, section names.
import { describe, expectTypeOf, test } from "vitest";
import type * as Crypto from "../fixtures/generated/crypto-exchange/index.js";
import type * as Trust from "../fixtures/generated/trust/index.js";
import type * as Live from "../../generated/sections/index.js";

const uuid = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";

describe("conditional unions", () => {
  test("const string: cryptoExchange needs its license number, trust does not", () => {
    const trust: Trust.BasicBusinessInfo = { legalName: "Acme Trust", natureOfBusiness: "trust" };
    const exchange: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" };
    // @ts-expect-error natureOfBusiness "cryptoExchange" requires cryptoExchangeLicenseNumber
    const missing: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "cryptoExchange" };
    // @ts-expect-error the same rule in the OpenAPI document's example schema
    const live: Live.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "cryptoExchange" };
    const liveTrust: Live.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", beneficialOwnersExist: false };
    expectTypeOf([trust, exchange, missing, live, liveTrust]).toBeArray();
  });

  test("const boolean: a publicly traded business needs its ticker", () => {
    const listed: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", isPubliclyTraded: true, stockTicker: "ACME" };
    const notListed: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", isPubliclyTraded: false };
    // @ts-expect-error isPubliclyTraded true requires stockTicker
    const missing: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", isPubliclyTraded: true };
    const owner: Trust.BeneficialOwnersItem = { firstName: "A", lastName: "B", ownershipPercentage: 30, isUsPerson: true, ssnLast4: "1234" };
    // @ts-expect-error inside an array section's entity: isUsPerson true requires ssnLast4
    const ownerMissing: Trust.BeneficialOwnersItem = { firstName: "A", lastName: "B", ownershipPercentage: 30, isUsPerson: true };
    expectTypeOf([listed, notListed, missing, owner, ownerMissing]).toBeArray();
  });

  test("enum: licensed or pending needs the license document, exempt does not", () => {
    const exempt: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", regulatoryStatus: "exempt" };
    const licensed: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", regulatoryStatus: "licensed", licenseDocument: uuid };
    // @ts-expect-error regulatoryStatus "pending" requires licenseDocument
    const pending: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", regulatoryStatus: "pending" };
    expectTypeOf([exempt, licensed, pending]).toBeArray();
  });

  test("independent conditionals combine: an exchange needs its license and its AML policy", () => {
    const base = { legalName: "Acme", contactEmail: "ops@acme.test", primaryRegulator: "FCA" } as const;
    const complete: Crypto.BasicBusinessInfo = { ...base, natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1", amlPolicyDocument: uuid };
    // @ts-expect-error the enum condition (cryptoExchange | otcDesk) requires amlPolicyDocument
    const noAml: Crypto.BasicBusinessInfo = { ...base, natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" };
    // @ts-expect-error the const condition requires cryptoExchangeLicenseNumber
    const noLicense: Crypto.BasicBusinessInfo = { ...base, natureOfBusiness: "cryptoExchange", amlPolicyDocument: uuid };
    const otc: Crypto.BasicBusinessInfo = { ...base, natureOfBusiness: "otcDesk", amlPolicyDocument: uuid };
    const processor: Crypto.BasicBusinessInfo = { ...base, natureOfBusiness: "paymentProcessorPlatform" };
    expectTypeOf([complete, noAml, noLicense, otc, processor]).toBeArray();
  });

  test("dependentRequired: a screening vendor needs its start date", () => {
    const none: Crypto.ComplianceProgram = { complianceOfficerName: "Ada" };
    const both: Crypto.ComplianceProgram = { complianceOfficerName: "Ada", sanctionsScreeningVendor: "V", sanctionsScreeningSince: "2024-01-01" };
    // @ts-expect-error sanctionsScreeningVendor requires sanctionsScreeningSince
    const vendorOnly: Crypto.ComplianceProgram = { complianceOfficerName: "Ada", sanctionsScreeningVendor: "V" };
    expectTypeOf([none, both, vendorOnly]).toBeArray();
  });

  test("conditions TypeScript cannot express (contains, not) stay JSDoc: these compile", () => {
    const custody: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", services: ["custody"] };
    const bank: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "bank" };
    expectTypeOf([custody, bank]).toBeArray();
  });
});

describe("closed objects (additionalProperties: false)", () => {
  test("an unknown field is an error in a section, a nested object and an array entity", () => {
    // @ts-expect-error legalname is not a field (legalName is)
    const section: Trust.TrustDetails = { trustDeedDate: "2020-01-01", trustType: "revocable", legalname: "x" };
    // @ts-expect-error zip is not a field of the address
    const nested: Trust.Address = { line1: "1 Main St", city: "Springfield", country: "US", zip: "12345" };
    // @ts-expect-error middleName is not a field of an owner
    const entity: Trust.BeneficialOwnersItem = { firstName: "A", lastName: "B", ownershipPercentage: 50, middleName: "C" };
    // @ts-expect-error unknown fields are refused on a conditional section type too
    const conditional: Trust.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "trust", nickname: "A" };
    expectTypeOf([section, nested, entity, conditional]).toBeArray();
  });

  test("required fields and enum values are checked", () => {
    // @ts-expect-error trustType is required
    const missing: Trust.TrustDetails = { trustDeedDate: "2020-01-01" };
    // @ts-expect-error "living" is not a trust type
    const badEnum: Trust.TrustDetails = { trustDeedDate: "2020-01-01", trustType: "living" };
    expectTypeOf([missing, badEnum]).toBeArray();
  });
});

describe("SectionName and SectionPayloads", () => {
  test("SectionName is the union of section names", () => {
    expectTypeOf<Trust.SectionName>().toEqualTypeOf<"authorized_signers" | "basicBusinessInfo" | "beneficial_owners" | "trust_details">();
    expectTypeOf<keyof Trust.SectionPayloads>().toEqualTypeOf<Trust.SectionName>();
    const name: Trust.SectionName = "beneficial_owners";
    // @ts-expect-error a mistyped section name
    const typo: Trust.SectionName = "beneficialOwners";
    expectTypeOf([name, typo]).toBeArray();
  });

  test("SectionPayloads maps each name to its payload; an array section is its entity array", () => {
    expectTypeOf<Trust.SectionPayloads["beneficial_owners"]>().toEqualTypeOf<Trust.BeneficialOwnersItem[]>();
    expectTypeOf<Trust.SectionPayloads["trust_details"]>().toEqualTypeOf<Trust.TrustDetails>();
    expectTypeOf<Trust.AuthorizedSignersItem>().toEqualTypeOf<Trust.Person>();
    expectTypeOf<Crypto.SectionPayloads["directors"]>().toEqualTypeOf<Crypto.Director[]>();
    expectTypeOf<Live.SectionPayloads["beneficial_owners"]>().toEqualTypeOf<Live.BeneficialOwnersItem[]>();
  });

  test("a function generic over the section name checks the payload of that section", () => {
    const save = <N extends Trust.SectionName>(name: N, payload: Trust.SectionPayloads[N]): [N, unknown] => [name, payload];
    save("trust_details", { trustDeedDate: "2020-01-01", trustType: "irrevocable" });
    save("beneficial_owners", [{ firstName: "A", lastName: "B", ownershipPercentage: 25 }]);
    // @ts-expect-error the payload of trust_details lacks trustType
    save("trust_details", { trustDeedDate: "2020-01-01" });
    // @ts-expect-error not a section
    save("trustDetails", {});
  });
});
