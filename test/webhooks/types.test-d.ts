// Compile-time shape of the webhook API: unions narrow on their discriminants.
import { describe, expectTypeOf, it } from "vitest";
import type { components, webhooks } from "../../generated/openapi.js";
import {
  parseOnboardingNotification,
  parseSnsMessage,
  verifyOnboardingNotification,
  verifySnsSignature,
  type OnboardingEvent,
  type OnboardingNotification,
  type OnboardingNotificationType,
  type SnsMessage,
  type SnsNotification,
  type SnsSubscriptionConfirmation,
} from "../../src/webhooks/index.js";

declare const event: OnboardingEvent;
declare const received: OnboardingNotification;
declare const message: SnsMessage;

describe("OnboardingEvent", () => {
  it("narrows on notificationType", () => {
    if (event.notificationType === "onboarding_application_approved") {
      expectTypeOf(event.status).toEqualTypeOf<"APPROVED">();
      expectTypeOf(event.previousStatus).toEqualTypeOf<"IN_REVIEW">();
      // @ts-expect-error an approved event cannot carry another status
      const denied: "DENIED" = event.status;
      void denied;
    }
    if (event.notificationType === "onboarding_application_rfi_requested") {
      expectTypeOf(event.status).toEqualTypeOf<"PENDING_CUSTOMER_INFORMATION">();
    }
    if (event.notificationType === "onboarding_application_denied") {
      expectTypeOf(event.status).toEqualTypeOf<"DENIED">();
    }
    if (event.notificationType === "onboarding_application_cancelled") {
      expectTypeOf(event.status).toEqualTypeOf<"CANCELLED">();
      expectTypeOf(event.previousStatus).toEqualTypeOf<"DRAFT" | "IN_REVIEW">();
    }
  });

  it("narrows on status too", () => {
    if (event.status === "DENIED") expectTypeOf(event.notificationType).toEqualTypeOf<"onboarding_application_denied">();
  });

  it("has the common fields on every member", () => {
    expectTypeOf(event.version).toEqualTypeOf<1>();
    expectTypeOf(event.clientId).toBeString();
    expectTypeOf(event.applicationId).toBeString();
  });

  it("lists exactly four notification types", () => {
    expectTypeOf<OnboardingNotificationType>().toEqualTypeOf<
      | "onboarding_application_rfi_requested"
      | "onboarding_application_approved"
      | "onboarding_application_denied"
      | "onboarding_application_cancelled"
    >();
    // @ts-expect-error not an onboarding event
    const other: OnboardingNotificationType = "payments";
    void other;
  });

  it("uses only statuses the API defines", () => {
    type KnownApplicationStatus = components["schemas"]["KnownApplicationStatus"];
    expectTypeOf<OnboardingEvent["status"] | OnboardingEvent["previousStatus"]>().toExtend<KnownApplicationStatus>();
  });

  it("is the payload the OpenAPI document's webhooks describe", () => {
    expectTypeOf<OnboardingEvent>().toEqualTypeOf<components["schemas"]["OnboardingEvent"]>();
    type Webhook<W extends keyof webhooks> = webhooks[W]["post"];
    expectTypeOf<Webhook<"onboardingApplicationApproved">>().toExtend<{ requestBody: { content: { "text/plain": string } } }>();
  });

  it("is exhaustive in a switch", () => {
    const label = (e: OnboardingEvent): string => {
      switch (e.notificationType) {
        case "onboarding_application_rfi_requested":
        case "onboarding_application_approved":
        case "onboarding_application_denied":
        case "onboarding_application_cancelled":
          return e.status;
        default:
          return e satisfies never;
      }
    };
    expectTypeOf(label).returns.toBeString();
  });
});

describe("OnboardingNotification", () => {
  it("narrows on kind", () => {
    if (received.kind === "notification") {
      expectTypeOf(received.event).toEqualTypeOf<OnboardingEvent>();
      expectTypeOf(received.message).toEqualTypeOf<SnsNotification>();
      // @ts-expect-error only confirmations carry a subscribe URL
      void received.subscribeUrl;
    }
    if (received.kind === "subscription_confirmation") {
      expectTypeOf(received.subscribeUrl).toBeString();
      expectTypeOf(received.message).toEqualTypeOf<SnsSubscriptionConfirmation>();
      // @ts-expect-error confirmations carry no event
      void received.event;
    }
  });

  it("comes from the parse and verify functions", () => {
    expectTypeOf(parseOnboardingNotification).parameter(0).toEqualTypeOf<string | object>();
    expectTypeOf(parseOnboardingNotification).returns.toEqualTypeOf<OnboardingNotification>();
    expectTypeOf(verifyOnboardingNotification).returns.toEqualTypeOf<Promise<OnboardingNotification>>();
  });
});

describe("SnsMessage", () => {
  it("narrows on Type", () => {
    if (message.Type === "Notification") {
      expectTypeOf(message.Subject).toEqualTypeOf<string | undefined>();
      // @ts-expect-error notifications carry no token
      void message.Token;
    } else {
      expectTypeOf(message.Token).toBeString();
      expectTypeOf(message.SubscribeURL).toBeString();
    }
  });

  it("is what parseSnsMessage returns and verifySnsSignature takes", () => {
    expectTypeOf(parseSnsMessage).returns.toEqualTypeOf<SnsMessage>();
    expectTypeOf(verifySnsSignature).parameter(0).toEqualTypeOf<SnsMessage>();
    expectTypeOf(verifySnsSignature).returns.toEqualTypeOf<Promise<void>>();
    // @ts-expect-error verification takes a parsed message, not raw text
    void verifySnsSignature("{}");
    // @ts-expect-error SignatureVersion is not an option: the message says which
    void verifySnsSignature(message, { signatureVersion: "1" });
  });
});
