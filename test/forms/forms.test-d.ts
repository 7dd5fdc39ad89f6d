// The form model's types: the answers typed by the validator's section payloads (the precompiled
// validate.js), section names checked, no `any`, and a section handed to TanStack Form as a
// Standard Schema whose output is the section's payload type.
import { FormApi } from "@tanstack/form-core";
import { describe, expectTypeOf, it } from "vitest";
import type { BasicBusinessInfo, SectionName, SectionPayloads } from "../../generated/sections/index.js";
import { validator } from "../../generated/sections/validate.js";
import {
  type ApplicationDraft,
  createSchemaValidator,
  describeForm,
  type Draft,
  type FormField,
  type FormModel,
  type FormSection,
  type FormValidator,
  prune,
  resolveSchema,
  type StandardSchemaV1,
  type Visibility,
  type Widget,
} from "../../src/index.js";

type IsAny<T> = 0 extends 1 & T ? true : false;

describe("describeForm and prune, typed by the validator", () => {
  it("take the answers as a draft of the generated section payloads", () => {
    const form = describeForm(validator, { basicBusinessInfo: { natureOfBusiness: "cryptoExchange" }, beneficial_owners: [{ firstName: "Jane" }] });
    expectTypeOf(form).toEqualTypeOf<FormModel<SectionPayloads>>();
    expectTypeOf(form.sections[0]!.name).toEqualTypeOf<SectionName>();
    // @ts-expect-error not a section of this schema
    describeForm(validator, { basicBusinessInformation: {} });
    // @ts-expect-error natureOfBusiness takes the schema's enum values only
    describeForm(validator, { basicBusinessInfo: { natureOfBusiness: "casino" } });
    // @ts-expect-error an array section takes entities
    describeForm(validator, { beneficial_owners: { firstName: "Jane" } });
    describeForm(validator, {}, { sections: ["trust_details"] });
    // @ts-expect-error not a section of this schema
    describeForm(validator, {}, { sections: ["trustDetails"] });
    expectTypeOf(prune(validator, { trust_details: {} })).toEqualTypeOf<ApplicationDraft<SectionPayloads>>();
  });

  it("an untyped validator takes any object of answers", () => {
    const untyped = createSchemaValidator({ type: "object", properties: { s: { type: "object" } } });
    const answers: Record<string, unknown> = JSON.parse("{}");
    expectTypeOf(describeForm(untyped, answers).sections[0]!.name).toEqualTypeOf<string>();
    expectTypeOf(prune(untyped, answers)).toEqualTypeOf<Record<string, unknown>>();
    // @ts-expect-error the answers are an object keyed by section
    describeForm(untyped, "answers");
    const minimal: FormValidator = { schema: { properties: {} }, validateData: () => [] };
    expectTypeOf(describeForm(minimal, {})).toEqualTypeOf<FormModel>();
    expectTypeOf(resolveSchema({}, {})["x-resolved"]).toEqualTypeOf<unknown>();
  });

  it("the model has no `any` and names its unions", () => {
    expectTypeOf<IsAny<FormField["value"]>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<FormField["default"]>>().toEqualTypeOf<false>();
    expectTypeOf<FormField["visibility"]>().toEqualTypeOf<Visibility>();
    expectTypeOf<Visibility>().toEqualTypeOf<"visible" | "hidden" | "pending">();
    expectTypeOf<FormField["widget"]>().toEqualTypeOf<Widget>();
    expectTypeOf<FormSection["kind"]>().toEqualTypeOf<"object" | "array">();
    expectTypeOf<NonNullable<FormField["document"]>["documentTypes"][number]["label"]>().toEqualTypeOf<string>();
  });
});

describe("a section as a Standard Schema for TanStack Form", () => {
  it("is accepted as a form validator as it is, and its output is the section's payload type", () => {
    const basic = validator.section("basicBusinessInfo");
    expectTypeOf<StandardSchemaV1.InferOutput<typeof basic>>().toEqualTypeOf<BasicBusinessInfo>();
    const form = new FormApi({ defaultValues: { legalName: "", natureOfBusiness: "trust" } as BasicBusinessInfo, validators: { onChange: basic } });
    expectTypeOf(form.state.values).toEqualTypeOf<BasicBusinessInfo>();
    // A form still being filled in: its values are a draft of the payload.
    const draft: Draft<BasicBusinessInfo> = {};
    const partial = new FormApi({ defaultValues: draft, validators: { onChange: basic, onSubmit: basic } });
    expectTypeOf(partial.state.values).toEqualTypeOf<Draft<BasicBusinessInfo>>();
  });
});
