// What must compile, what must not, and that no public type is `any`.
import { describe, expectTypeOf, it } from "vitest";
import {
  type Application,
  ApiError,
  byStatus,
  createOnboardingClient,
  type CreatedClient,
  type ErrorBody,
  type FieldError,
  type Page,
  type PartnerClient,
  type SaveResult,
  ValidationError,
} from "../../src/index.js";
import type { SectionPayloads } from "../../generated/sections/index.js";

// Type tests are only type-checked, never run: this client is never used at run time.
const circle = createOnboardingClient({ token: "t" });
const applicationId = "550e8400-e29b-41d4-a716-446655440000";
type IsAny<T> = 0 extends 1 & T ? true : false;

describe("raw client", () => {
  it("rejects an unknown path", () => {
    // @ts-expect-error not a path of the document
    void circle.raw.GET("/v1/onboarding/partner/application/{applicationId}", { params: { path: { applicationId } } });
  });

  it("rejects a wrong body field and a missing required one", () => {
    void circle.raw.POST("/v1/partner/clients", {
      body: {
        clientName: "Acme",
        // @ts-expect-error the field is `country`
        countryCode: "US",
        clientType: "business",
        businessDetails: { natureOfBusiness: "trust", institutionType: "trust" },
      },
    });
    void circle.raw.POST("/v1/partner/clients", {
      // @ts-expect-error `businessDetails` is required
      body: { clientName: "Acme", country: "US", clientType: "business" },
    });
  });

  it("does not demand X-Idempotency-Key, which the middleware supplies", () => {
    void circle.raw.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId } },
      body: { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" },
    });
  });

  it("narrows a result's body by status with byStatus", async () => {
    const result = await circle.raw.GET("/v1/onboarding/partner/applications/{applicationId}", { params: { path: { applicationId } } });
    const outcome = byStatus("getApplication", result);
    switch (outcome.status) {
      case 200:
        expectTypeOf(outcome.body).toEqualTypeOf<Application>();
        break;
      case 404:
        expectTypeOf(outcome.body).toEqualTypeOf<ErrorBody>();
        break;
      case "undocumented":
        expectTypeOf(outcome.body).toBeUnknown();
        expectTypeOf(outcome.httpStatus).toBeNumber();
        break;
    }
    // @ts-expect-error 409 is not a documented status of getApplication
    if (outcome.status === 409) void 0;
  });
});

describe("resource methods", () => {
  it("return the unwrapped, typed bodies", () => {
    expectTypeOf(circle.clients.create).returns.resolves.toEqualTypeOf<CreatedClient>();
    expectTypeOf(circle.clients.get).returns.resolves.toEqualTypeOf<PartnerClient>();
    expectTypeOf(circle.clients.listPage).returns.resolves.toEqualTypeOf<Page<PartnerClient>>();
    expectTypeOf(circle.applications.get).returns.resolves.toEqualTypeOf<Application>();
    expectTypeOf(circle.documents.download).returns.resolves.toEqualTypeOf<File>();
    expectTypeOf(circle.documents.delete).returns.resolves.toBeVoid();
  });

  it("rejects a wrong argument type and a missing required field", () => {
    // @ts-expect-error limit is a number
    void circle.applications.listPage({ limit: "10" });
    // @ts-expect-error endUserIpAddress is required
    void circle.applications.submit(applicationId, { endUserAgreesToTermsOfService: true });
    // @ts-expect-error consent must be the literal true
    void circle.applications.submit(applicationId, { endUserAgreesToTermsOfService: false, endUserIpAddress: "203.0.113.7" });
    // @ts-expect-error not a documented document type
    void circle.documents.upload(applicationId, { file: new Blob(["x"]), fileName: "a.pdf", datumName: "d", documentType: "selfie" });
    // @ts-expect-error a Blob does not name itself: fileName is required
    void circle.documents.upload(applicationId, { file: new Blob(["x"]), datumName: "d" });
    void circle.documents.upload(applicationId, { file: new File(["x"], "a.pdf"), datumName: "d" });
  });

  it("has no `any` in what it returns", () => {
    expectTypeOf<IsAny<Awaited<ReturnType<typeof circle.applications.getData>>>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<Awaited<ReturnType<typeof circle.applications.schema>>>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<Awaited<ReturnType<typeof circle.sections.get>>["data"]>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<Awaited<ReturnType<typeof circle.rfis.list>>>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<ApiError["body"]>>().toEqualTypeOf<false>();
    expectTypeOf<IsAny<ApiError["code"]>>().toEqualTypeOf<false>();
  });
});

describe("section types", () => {
  interface Sections {
    basicBusinessInfo: { legalName: string; natureOfBusiness?: "trust" | "cryptoExchange" };
    beneficial_owners: { refId?: string; firstName: string; ownershipPercentage: number }[];
  }
  const typed = createOnboardingClient<Sections>({ token: "t" });

  it("accepts a payload of the named section", () => {
    expectTypeOf(typed.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme" })).resolves.toEqualTypeOf<SaveResult>();
    void typed.sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane", ownershipPercentage: 51 }]);
    void typed.applications.saveData(applicationId, { basicBusinessInfo: { legalName: "Acme" } });
  });

  it("rejects a mistyped section name or field", () => {
    // @ts-expect-error no such section
    void typed.sections.save(applicationId, "basicBusinessInformation", { legalName: "Acme" });
    // @ts-expect-error legalName is required
    void typed.sections.save(applicationId, "basicBusinessInfo", { natureOfBusiness: "trust" });
    // @ts-expect-error not an allowed value
    void typed.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "bank" });
    // @ts-expect-error an array section takes an array of entities
    void typed.sections.save(applicationId, "beneficial_owners", { firstName: "Jane", ownershipPercentage: 51 });
    // @ts-expect-error no such section in a bulk save
    void typed.applications.saveData(applicationId, { basic: { legalName: "Acme" } });
    // @ts-expect-error no such section
    void typed.sections.get(applicationId, "trust");
  });
});

describe("with the section types sync-schema generated (generated/sections)", () => {
  const generated = createOnboardingClient<SectionPayloads>({ token: "t" });

  it("enforces the conditional requirements of the schema", () => {
    void generated.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust" });
    void generated.sections.save(applicationId, "basicBusinessInfo", {
      legalName: "Borealis",
      natureOfBusiness: "cryptoExchange",
      cryptoExchangeLicenseNumber: "VASP-1",
    });
    // @ts-expect-error natureOfBusiness "cryptoExchange" requires cryptoExchangeLicenseNumber
    void generated.sections.save(applicationId, "basicBusinessInfo", { legalName: "Borealis", natureOfBusiness: "cryptoExchange" });
    // @ts-expect-error ownershipPercentage is required on each beneficial owner
    void generated.sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane", lastName: "Doe" }]);
    // @ts-expect-error the schema closes the section: no undeclared fields
    void generated.sections.save(applicationId, "trust_details", { trustDeedDate: "2020-01-01", trustees: 2 });
    // @ts-expect-error not a section of this schema
    void generated.sections.get(applicationId, "personal_information");
  });
});

describe("a client typed as ReturnType<typeof createOnboardingClient>", () => {
  it("takes any section name, as an untyped client does", () => {
    const viaReturnType: ReturnType<typeof createOnboardingClient> = circle;
    void viaReturnType.sections.save(applicationId, "anySection", { field: 1 });
    void viaReturnType.applications.saveData(applicationId, { anySection: [{ field: 1 }] });
    expectTypeOf<IsAny<Awaited<ReturnType<typeof viaReturnType.sections.get>>>>().toEqualTypeOf<false>();
  });
});

describe("errors", () => {
  it("narrows to field errors with instanceof", () => {
    const error: unknown = undefined;
    if (error instanceof ValidationError) {
      expectTypeOf(error.fieldErrors).toEqualTypeOf<readonly FieldError[]>();
      expectTypeOf(error.fieldErrors[0]!.path).toBeString();
      expectTypeOf(error.status).toBeNumber();
      expectTypeOf(error.preflight).toBeBoolean();
    }
    if (error instanceof ApiError) {
      // @ts-expect-error only ValidationError has field errors
      void error.fieldErrors;
    }
  });
});
