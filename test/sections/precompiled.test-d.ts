// The validator's types: generic over the section payload map, the precompiled validate.js typed by
// the generated SectionPayloads, the client taking its section types from the validator, and each
// section a Standard Schema whose output type is the section's payload type.
import { describe, expectTypeOf, it } from "vitest";
import { createOnboardingClient, createSchemaValidator, type FieldError, type SchemaValidator, type StandardSchemaV1 } from "../../src/index.js";
import type { BasicBusinessInfo, SectionName, SectionPayloads } from "../../generated/sections/index.js";
import { validator } from "../../generated/sections/validate.js";

const applicationId = "550e8400-e29b-41d4-a716-446655440000";
type IsAny<T> = 0 extends 1 & T ? true : false;

describe("the precompiled validate.js", () => {
  it("is a SchemaValidator of the generated SectionPayloads", () => {
    expectTypeOf(validator).toEqualTypeOf<SchemaValidator<SectionPayloads>>();
    expectTypeOf(validator.sectionNames).toEqualTypeOf<readonly SectionName[]>();
    expectTypeOf(validator.requiredSections({})).toEqualTypeOf<SectionName[]>();
    expectTypeOf(validator.validateSection("trust_details", {})).toEqualTypeOf<FieldError[]>();
    // @ts-expect-error not a section of this schema
    validator.validateSection("trustDetails", {});
    // @ts-expect-error not a section of this schema
    validator.section("basicBusinessInformation");
  });

  it("gives the client its section types: createOnboardingClient({ validator })", () => {
    const circle = createOnboardingClient({ token: "t", validator });
    void circle.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust" });
    // @ts-expect-error "cryptoExchange" requires cryptoExchangeLicenseNumber
    void circle.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "cryptoExchange" });
    // @ts-expect-error no such section
    void circle.sections.get(applicationId, "basicBusinessInformation");
    const typed = createOnboardingClient<SectionPayloads>({ token: "t", validator });
    expectTypeOf(typed).toEqualTypeOf(circle);
  });

  it("refuses a validator of another schema's sections", () => {
    type Other = { otherSection: { a: string } };
    const other = createSchemaValidator<Other>({ type: "object", properties: { otherSection: { type: "object" } } });
    // @ts-expect-error the validator checks other sections than the client's
    createOnboardingClient<SectionPayloads>({ token: "t", validator: other });
  });
});

describe("createSchemaValidator", () => {
  it("is untyped by default, typed by the client it is given to, or explicitly", () => {
    const untyped = createSchemaValidator({ type: "object", properties: {} });
    expectTypeOf(untyped.sectionNames).toEqualTypeOf<readonly string[]>();
    const circle = createOnboardingClient<SectionPayloads>({ token: "t", validator: createSchemaValidator({ type: "object", properties: {} }) });
    // @ts-expect-error no such section
    void circle.sections.get(applicationId, "nope");
    const typed = createSchemaValidator<SectionPayloads>({ type: "object", properties: {} });
    expectTypeOf(typed.section("trust_details").name).toEqualTypeOf<string>();
  });
});

describe("section(name) is a Standard Schema v1", () => {
  it("infers the section's payload type as its output and as its input", () => {
    const basic = validator.section("basicBusinessInfo");
    expectTypeOf<StandardSchemaV1.InferOutput<typeof basic>>().toEqualTypeOf<BasicBusinessInfo>();
    expectTypeOf<StandardSchemaV1.InferInput<typeof basic>>().toEqualTypeOf<BasicBusinessInfo>();
    expectTypeOf(basic).toMatchTypeOf<StandardSchemaV1<BasicBusinessInfo, BasicBusinessInfo>>();
    const result = basic["~standard"].validate({});
    if (result.issues) expectTypeOf(result.issues[0]!.path).toEqualTypeOf<ReadonlyArray<PropertyKey | StandardSchemaV1.PathSegment> | undefined>();
    else expectTypeOf(result.value).toEqualTypeOf<BasicBusinessInfo>();
    expectTypeOf<IsAny<typeof result>>().toEqualTypeOf<false>();
  });
});
