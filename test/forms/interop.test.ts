// The form model with the precompiled validator (the one a browser or a worker loads) is the same
// as with the runtime one; and a section, as a Standard Schema, drives TanStack Form's own
// validation without an adapter, its issues landing on the fields by path.
import { FieldApi, FormApi } from "@tanstack/form-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeForm, prune } from "../../src/forms/index.js";
import type { SchemaValidator, StandardSchemaV1 } from "../../src/sections/index.js";
import { precompiledFolder } from "../support/precompile.js";
import { fixtureSchema } from "../support/schemas.js";
import { validatorOf } from "./support.js";

let folder: Awaited<ReturnType<typeof precompiledFolder>>;
const precompiled = new Map<string, SchemaValidator>();

beforeAll(async () => {
  folder = await precompiledFolder();
  for (const name of ["trust", "circle-forms"]) precompiled.set(name, await folder.load(fixtureSchema(name), name));
});
afterAll(() => folder.remove());

describe("describeForm with a precompiled validator", () => {
  const samples = [
    {},
    { basicBusinessInfo: { legalName: "", natureOfBusiness: "cryptoExchange", beneficialOwnersExist: true, services: ["custody"] }, beneficial_owners: [{ isUsPerson: true }] },
    { basicBusinessInfo: { natureOfBusiness: "fintech", supportedAssets: ["USDC"], website: "x" }, trust_details: { trustType: "other" } },
  ];

  it.each(["trust", "circle-forms"])("gives the model the runtime validator gives (%s)", (name) => {
    for (const data of samples) {
      expect(describeForm(precompiled.get(name)!, data)).toEqual(describeForm(validatorOf(name), data));
      expect(prune(precompiled.get(name)!, data)).toEqual(prune(validatorOf(name), data));
    }
  });
});

describe("TanStack Form (@tanstack/form-core) with validator.section(name)", () => {
  it.each(["runtime", "precompiled"])("validates with the %s validator's section, issues on the fields by path", async (kind) => {
    const validator = kind === "runtime" ? validatorOf("trust") : precompiled.get("trust")!;
    // Untyped validators type a section's payload as any section's (an object or an array).
    const basic = validator.section("basicBusinessInfo") as StandardSchemaV1<Record<string, unknown>>;
    const form = new FormApi({ defaultValues: { legalName: "", natureOfBusiness: "cryptoExchange" } as Record<string, unknown>, validators: { onChange: basic, onSubmit: basic } });
    form.mount();
    // The fields a page would render.
    const [legalName, license, website] = ["legalName", "cryptoExchangeLicenseNumber", "website"].map((name) => new FieldApi({ form, name }));
    for (const field of [legalName!, license!, website!]) field.mount();

    await form.handleSubmit();
    expect(form.state.isValid).toBe(false);
    expect(legalName!.state.meta.errorMap.onSubmit).toEqual([{ message: "must not be empty", path: ["legalName"] }]);
    expect(license!.state.meta.errorMap.onSubmit).toEqual([{ message: "cryptoExchangeLicenseNumber is required", path: ["cryptoExchangeLicenseNumber"] }]);

    legalName!.setValue("Acme Exchange");
    license!.setValue("L-1");
    website!.setValue("https://acme.test");
    await form.handleSubmit();
    expect(form.state.isValid).toBe(true);
    expect(form.state.errors).toEqual([]);
  });

  it("paths into array sections are keys from the section's root", () => {
    const result = validatorOf("trust").section("beneficial_owners")["~standard"].validate([{ firstName: "J", lastName: "D", ownershipPercentage: 10 }]);
    expect(result.issues).toEqual([{ message: "must be at least 25", path: [0, "ownershipPercentage"] }]);
  });
});
