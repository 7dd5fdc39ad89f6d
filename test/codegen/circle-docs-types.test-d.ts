// Section types for a schema written as Circle's documentation writes conditionals: fields
// declared only in `then` (also in a nested `allOf`), sections closed by
// `unevaluatedProperties: false`, `$defs`/`$ref` as shared named types, `dependentSchemas`, closed
// array entities, and an `if` that holds when the field it tests is absent.
import { describe, expectTypeOf, test } from "vitest";
import type * as Docs from "../fixtures/generated/circle-docs/index.js";

const address: Docs.Address = { line1: "1 Main St", country: "US" };

describe("Circle's own example: a conditional field declared only in then, in a closed section", () => {
  test("the license number is a string, required only for crypto exchanges", () => {
    const exchange: Docs.BasicBusinessInfo = { legalName: "Borealis", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: "L-1" };
    const fintech: Docs.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "fintech" };
    // @ts-expect-error natureOfBusiness "cryptoExchange" requires cryptoExchangeLicenseNumber
    const missing: Docs.BasicBusinessInfo = { legalName: "Borealis", natureOfBusiness: "cryptoExchange" };
    // @ts-expect-error the license number is a string (today's generator typed it unknown: a number compiled)
    const numeric: Docs.BasicBusinessInfo = { legalName: "Borealis", natureOfBusiness: "cryptoExchange", cryptoExchangeLicenseNumber: 42 };
    // @ts-expect-error outside the crypto-exchange branch the field is not evaluated, so the closed section refuses it
    const stray: Docs.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "fintech", cryptoExchangeLicenseNumber: "L-1" };
    // @ts-expect-error the section is closed: a field no subschema declares is refused
    const extra: Docs.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "fintech", nickname: "A" };
    expectTypeOf<Docs.BasicBusinessInfoFields["cryptoExchangeLicenseNumber"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf([exchange, fintech, missing, numeric, stray, extra]).toBeArray();
  });

  test("a conditional inside a nested allOf works the same way", () => {
    const trust: Docs.BasicBusinessInfo = { legalName: "Acme Trust", natureOfBusiness: "trust", trustCharterNumber: "C-9" };
    // @ts-expect-error natureOfBusiness "trust" requires trustCharterNumber
    const noCharter: Docs.BasicBusinessInfo = { legalName: "Acme Trust", natureOfBusiness: "trust" };
    expectTypeOf([trust, noCharter]).toBeArray();
  });

  test("the if holds when the tested field is absent: a section saved without it must satisfy the branch", () => {
    const consulting: Docs.SoleProprietorInfo = { natureOfBusiness: "consulting" };
    const licensed: Docs.SoleProprietorInfo = { tradingName: "Ada's", licenseNumber: "L-2" };
    // @ts-expect-error without natureOfBusiness the crypto-exchange branch applies: licenseNumber is required
    const bare: Docs.SoleProprietorInfo = { tradingName: "Ada's" };
    // @ts-expect-error a consultancy's section does not evaluate licenseNumber: the closed section refuses it
    const consultingLicensed: Docs.SoleProprietorInfo = { natureOfBusiness: "consulting", licenseNumber: "L-2" };
    expectTypeOf([consulting, licensed, bare, consultingLicensed]).toBeArray();
  });

  test("dependentSchemas: a field declared there is allowed only with its trigger", () => {
    const verified: Docs.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "fintech", website: "https://acme.test", websiteVerifiedAt: "2024-01-31" };
    // @ts-expect-error websiteVerifiedAt is evaluated only once website is present
    const orphan: Docs.BasicBusinessInfo = { legalName: "Acme", natureOfBusiness: "fintech", websiteVerifiedAt: "2024-01-31" };
    expectTypeOf([verified, orphan]).toBeArray();
  });
});

describe("$defs and $ref", () => {
  test("become named types shared by every reference", () => {
    expectTypeOf<NonNullable<Docs.BasicBusinessInfoFields["registeredAddress"]>>().toEqualTypeOf<Docs.Address>();
    expectTypeOf<Docs.PersonFields["identityDocument"]>().toEqualTypeOf<Docs.DocumentId | undefined>();
    // @ts-expect-error the address definition is closed by its own unevaluatedProperties: false
    const zip: Docs.Address = { line1: "1 Main St", country: "US", zip: "10001" };
    expectTypeOf([address, zip]).toBeArray();
  });
});

describe("closed array entities", () => {
  test("an entity closed over a $ref'd definition refuses unknown fields and keeps the definition's conditions", () => {
    const owner: Docs.BeneficialOwnersItem = { firstName: "Ada", lastName: "Lovelace", isUsPerson: false };
    const usOwner: Docs.BeneficialOwnersItem = { firstName: "Ada", lastName: "Lovelace", isUsPerson: true, ssnLast4: "1234" };
    // @ts-expect-error the entity is closed (unevaluatedProperties: false beside the $ref)
    const nickname: Docs.BeneficialOwnersItem = { firstName: "Ada", lastName: "Lovelace", nickname: "A" };
    // @ts-expect-error isUsPerson true requires ssnLast4 (the definition's own if/then)
    const noSsn: Docs.BeneficialOwnersItem = { firstName: "Ada", lastName: "Lovelace", isUsPerson: true };
    const owners: Docs.BeneficialOwners = [owner, usOwner];
    // @ts-expect-error inside the array too
    const badOwners: Docs.BeneficialOwners = [{ firstName: "Ada", lastName: "Lovelace", age: 36 }];
    expectTypeOf([nickname, noSsn, owners, badOwners]).toBeArray();
  });

  test("an entity made of allOf [$ref] and its own fields", () => {
    const trustee: Docs.TrusteesItem = { role: "trustee", firstName: "Grace", lastName: "Hopper" };
    // @ts-expect-error role is required
    const noRole: Docs.TrusteesItem = { firstName: "Grace", lastName: "Hopper" };
    // @ts-expect-error closed: a field neither the entity nor the definition declares
    const extra: Docs.TrusteesItem = { role: "protector", firstName: "Grace", lastName: "Hopper", title: "Adm." };
    expectTypeOf([trustee, noRole, extra]).toBeArray();
  });
});
