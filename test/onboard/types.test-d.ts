// The types of circle-onboarding/onboard: events narrow by `type`, records are checked field by
// field at compile time, and options take only what the run understands.
import { describe, expectTypeOf, it } from "vitest";
import { createRateLimiter } from "../../src/index.js";
import { type OnboardEvent, type OnboardRecord, onboard, type OnboardResult, type RecordState, type StopCode } from "../../src/onboard/index.js";

const record: OnboardRecord = {
  ref: "cust-1",
  client: { clientName: "Acme", country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } },
  data: { basicBusinessInfo: { legalName: "Acme" }, beneficial_owners: [{ firstName: "Jane" }] },
  documents: [{ path: "id.pdf", datumName: "governmentId", documentType: "passport", entity: { section: "beneficial_owners", index: 0 } }],
  submit: { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" },
};

describe("circle-onboarding/onboard types", () => {
  it("narrows events by type", () => {
    const onEvent = (event: OnboardEvent) => {
      if (event.type === "record") {
        expectTypeOf(event.state).toEqualTypeOf<RecordState | "retrying">();
        expectTypeOf(event.code).toEqualTypeOf<StopCode | "error" | undefined>();
      }
      if (event.type === "progress") expectTypeOf(event.etaSeconds).toEqualTypeOf<number | null>();
      // @ts-expect-error a summary has no ref
      if (event.type === "summary") void event.ref;
    };
    expectTypeOf(onboard({ input: [record], token: "k", onEvent, rateLimiter: createRateLimiter() })).toEqualTypeOf<Promise<OnboardResult>>();
  });

  it("refuses malformed records and options at compile time", () => {
    // @ts-expect-error the submit's consent is required
    const noSubmit: OnboardRecord = { ref: "r", client: record.client, data: {} };
    // @ts-expect-error consent is the literal true
    const notAgreed: OnboardRecord["submit"] = { endUserAgreesToTermsOfService: false, endUserIpAddress: "203.0.113.7" };
    // @ts-expect-error not a document type of the API
    const badType: NonNullable<OnboardRecord["documents"]>[number] = { path: "a.pdf", datumName: "x", documentType: "selfie" };
    // @ts-expect-error concurrency is a number or "auto"
    void onboard({ input: [record], concurrency: "max" });
    // @ts-expect-error the limiter is a RateLimiter or false, not a switch
    void onboard({ input: [record], rateLimiter: true });
    void [noSubmit, notAgreed, badType];
  });
});
