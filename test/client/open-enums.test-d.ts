// Open enums and Circle's error codes in the types: the known values stay visible to the compiler
// (they narrow, and a typo against them is an error) while any other value the server sends
// type-checks; what a client sends stays strict.
import { describe, expectTypeOf, it } from "vitest";
import {
  ApiError,
  type Application,
  type ApplicationStatus,
  type ClientStatus,
  createOnboardingClient,
  DeviceCheckRequiredError,
  type ErrorCode,
  ErrorCodes,
  type FieldError,
  type InstitutionType,
  type KnownApplicationStatus,
  type KnownErrorCode,
  type KnownRfiType,
  type KnownSectionStatus,
  NotFoundError,
  type RfiBundleStatus,
  type RfiDetail,
  type RfiStatus,
  type RfiType,
  type SectionData,
  type SectionList,
  type SectionStatus,
} from "../../src/index.js";

const circle = createOnboardingClient({ token: "t" });
// Declared, not assigned: an `unknown` initialised to undefined would narrow to undefined.
declare const error: unknown;
const applicationId = "550e8400-e29b-41d4-a716-446655440000";

/** The literal members of an open enum: what autocompletion offers. */
type Literals<T> = T extends unknown ? (string extends T ? never : number extends T ? never : T) : never;

describe("response-only enums are open", () => {
  it("keep their known values as literals", () => {
    expectTypeOf<Literals<ApplicationStatus>>().toEqualTypeOf<KnownApplicationStatus>();
    expectTypeOf<KnownApplicationStatus>().toEqualTypeOf<"DRAFT" | "SUBMITTED" | "IN_REVIEW" | "PENDING_CUSTOMER_INFORMATION" | "APPROVED" | "DENIED" | "CANCELLED">();
    expectTypeOf<Literals<SectionStatus>>().toEqualTypeOf<KnownSectionStatus>();
    expectTypeOf<KnownSectionStatus>().toEqualTypeOf<"not_started" | "incomplete" | "complete" | "action_required">();
    expectTypeOf<Literals<RfiType>>().toEqualTypeOf<KnownRfiType>();
    expectTypeOf<KnownRfiType>().toEqualTypeOf<"UPDATE_FIELD" | "NEW_FIELD" | "COLLECT_DOCUMENT">();
    expectTypeOf<Literals<RfiStatus>>().toEqualTypeOf<"PENDING">();
    expectTypeOf<Literals<RfiBundleStatus>>().toEqualTypeOf<"PUBLISHED">();
    expectTypeOf<Literals<ClientStatus>>().toEqualTypeOf<"pending">();
  });

  it("accept a value Circle adds later", () => {
    const later: ApplicationStatus = "ON_HOLD";
    const section: SectionStatus = "locked";
    const rfi: RfiType = "COLLECT_SIGNATURE";
    expectTypeOf(later).toExtend<string>();
    expectTypeOf(section).toExtend<string>();
    expectTypeOf(rfi).toExtend<string>();
    expectTypeOf<Application["status"]>().toEqualTypeOf<ApplicationStatus>();
  });

  it("narrow on a known value, and refuse a typo against the known ones where a known value is due", async () => {
    const { status } = await circle.applications.get(applicationId);
    // Comparing with a known value narrows: what is left no longer offers it.
    if (status !== "DRAFT") expectTypeOf<Literals<typeof status>>().toEqualTypeOf<Exclude<KnownApplicationStatus, "DRAFT">>();
    switch (status) {
      case "APPROVED":
      case "DENIED":
        expectTypeOf<Literals<typeof status>>().toEqualTypeOf<"APPROVED" | "DENIED">();
        break;
      default:
        expectTypeOf<Literals<typeof status>>().not.toExtend<"APPROVED">();
    }
    const known: KnownApplicationStatus[] = ["DRAFT"];
    // @ts-expect-error a status the document does not know is not a KnownApplicationStatus
    known.push("DRAFTED");
    // @ts-expect-error an open status is not assignable where only known ones are allowed
    known.push(status);
  });
});

describe("what a client sends stays strict", () => {
  it("takes only known statuses in the applications filter", () => {
    void circle.applications.list({ status: "IN_REVIEW" });
    // @ts-expect-error the filter is a request value: only the documented statuses
    void circle.applications.list({ status: "ON_HOLD" });
  });

  it("takes only the nine institution types of Circle's how-to", () => {
    expectTypeOf<InstitutionType>().toEqualTypeOf<
      "publicCo" | "privateCo" | "trust" | "foundation" | "partnership" | "soleTrader" | "associationOrConsortium" | "coop" | "governmentBody"
    >();
    const business = (institutionType: InstitutionType) => ({ clientName: "Acme", country: "US", clientType: "business" as const, businessDetails: { natureOfBusiness: "trust", institutionType } });
    void circle.clients.create(business("coop"));
    void circle.clients.create(business("governmentBody"));
    void circle.clients.create({
      clientName: "Acme",
      country: "US",
      clientType: "business",
      // @ts-expect-error the old guess `association` is not one of Circle's values
      businessDetails: { natureOfBusiness: "trust", institutionType: "association" },
    });
  });
});

describe("fields no page of Circle's shows are optional", () => {
  it("in getSection, getRFI and the sections list", () => {
    expectTypeOf<SectionData["status"]>().toEqualTypeOf<SectionStatus | undefined>();
    expectTypeOf<SectionData["sectionName"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RfiDetail["field"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<undefined>().toExtend<RfiDetail["comments"]>();
    expectTypeOf<Exclude<RfiDetail["comments"], undefined>[number]["content"]>().toBeString();
    expectTypeOf<SectionList["sections"][number]["status"]>().toEqualTypeOf<SectionStatus | undefined>();
  });
});

describe("Circle's error codes", () => {
  it("name the known codes, which narrow, and keep any other number", () => {
    expectTypeOf(ErrorCodes.DEVICE_CHECK_MISSING).toEqualTypeOf<181110>();
    expectTypeOf(ErrorCodes.UNKNOWN_APPLICATION).toEqualTypeOf<181103>();
    expectTypeOf(ErrorCodes.NOT_ALLOWLISTED).toEqualTypeOf<-1>();
    expectTypeOf<Literals<ErrorCode>>().toEqualTypeOf<KnownErrorCode>();
    const later: ErrorCode = 181107;
    expectTypeOf(later).toExtend<number>();
    if (error instanceof ApiError) {
      const { code } = error;
      expectTypeOf<Literals<Exclude<typeof code, undefined>>>().toEqualTypeOf<KnownErrorCode>();
      if (code !== ErrorCodes.DEVICE_CHECK_MISSING) expectTypeOf<Literals<Exclude<typeof code, undefined>>>().toEqualTypeOf<181103 | -1>();
    }
  });

  it("give the device check its own NotFoundError subclass", () => {
    expectTypeOf<DeviceCheckRequiredError>().toExtend<NotFoundError>();
    if (error instanceof DeviceCheckRequiredError) expectTypeOf(error.status).toBeNumber();
  });

  it("keep invalidValue and constraints on field errors", () => {
    expectTypeOf<FieldError["invalidValue"]>().toEqualTypeOf<unknown>();
    expectTypeOf<FieldError["constraints"]>().toEqualTypeOf<Record<string, unknown> | undefined>();
  });
});
