// Circle's onboarding notifications: each event typed, every malformed payload refused by name.
import { describe, expect, it, vi } from "vitest";
import {
  InvalidNotificationError,
  SignatureVerificationError,
  UnknownNotificationTypeError,
  parseOnboardingNotification,
  verifyOnboardingNotification,
  type CertificateCache,
  type OnboardingEvent,
} from "../../src/webhooks/index.js";
import { createCertificate } from "./support/certificate.js";
import { invalidWith } from "./support/invalid.js";
import { certUrl, confirmation, eventApplicationId, notification, partnerClientId, payload, signed, topicArn } from "./support/messages.js";

const invalid = (body: unknown) => invalidWith(parseOnboardingNotification, body);

const events: OnboardingEvent[] = [
  {
    notificationType: "onboarding_application_rfi_requested",
    clientId: partnerClientId,
    version: 1,
    applicationId: eventApplicationId,
    status: "PENDING_CUSTOMER_INFORMATION",
    previousStatus: "IN_REVIEW",
  },
  {
    notificationType: "onboarding_application_approved",
    clientId: partnerClientId,
    version: 1,
    applicationId: eventApplicationId,
    status: "APPROVED",
    previousStatus: "IN_REVIEW",
  },
  {
    notificationType: "onboarding_application_denied",
    clientId: partnerClientId,
    version: 1,
    applicationId: eventApplicationId,
    status: "DENIED",
    previousStatus: "IN_REVIEW",
  },
  {
    notificationType: "onboarding_application_cancelled",
    clientId: partnerClientId,
    version: 1,
    applicationId: eventApplicationId,
    status: "CANCELLED",
    previousStatus: "DRAFT",
  },
  {
    notificationType: "onboarding_application_cancelled",
    clientId: partnerClientId,
    version: 1,
    applicationId: eventApplicationId,
    status: "CANCELLED",
    previousStatus: "IN_REVIEW",
  },
];

describe("parseOnboardingNotification", () => {
  it.each(events)("reads $notificationType (from $previousStatus)", (event) => {
    const raw = notification(event);
    const result = parseOnboardingNotification(raw);
    expect(result).toEqual({ kind: "notification", event, message: raw });
  });

  it("reads a text/plain body, as SNS sends it", () => {
    const body = JSON.stringify(notification(payload()));
    const result = parseOnboardingNotification(body);
    expect(result.kind).toBe("notification");
    if (result.kind === "notification") expect(result.event.status).toBe("APPROVED");
  });

  it("reads a body as bytes (express.raw, Request.arrayBuffer)", () => {
    const text = JSON.stringify(notification(payload()));
    expect(parseOnboardingNotification(Buffer.from(text))).toEqual(parseOnboardingNotification(text));
    expect(parseOnboardingNotification(new TextEncoder().encode(text).buffer)).toEqual(parseOnboardingNotification(text));
  });

  it("drops payload fields it does not know", () => {
    const result = parseOnboardingNotification(notification(payload({ extra: "x", nested: { a: 1 } })));
    expect(result.kind === "notification" && Object.keys(result.event).sort()).toEqual(
      ["applicationId", "clientId", "notificationType", "previousStatus", "status", "version"],
    );
  });

  it("reads a SubscriptionConfirmation", () => {
    const raw = confirmation("SubscriptionConfirmation");
    expect(parseOnboardingNotification(JSON.stringify(raw))).toEqual({
      kind: "subscription_confirmation",
      subscribeUrl: raw.SubscribeURL,
      topicArn,
      message: raw,
    });
  });

  it("reads an UnsubscribeConfirmation", () => {
    const raw = confirmation("UnsubscribeConfirmation");
    expect(parseOnboardingNotification(raw)).toEqual({ kind: "unsubscribe_confirmation", subscribeUrl: raw.SubscribeURL, topicArn, message: raw });
  });

  it("refuses a Message that is not JSON", () => {
    const error = invalid(notification("Hello from Circle"));
    expect(error.field).toBe("Message");
    expect(error.message).toBe("Message: expected a JSON object (Circle's payload), got text that is not JSON");
  });

  it.each([
    ["an array", "[]", "got an array"],
    ["a number", "42", "got a number"],
    ["null", "null", "got null"],
  ])("refuses a Message that is %s", (_label, message, got) => {
    const error = invalid(notification(message));
    expect(error.field).toBe("Message");
    expect(error.message).toBe(`Message: expected a JSON object (Circle's payload), ${got}`);
  });

  it("refuses an unknown notificationType with its own error class", () => {
    const error = invalid(notification(payload({ notificationType: "payments" })));
    expect(error).toBeInstanceOf(UnknownNotificationTypeError);
    expect((error as UnknownNotificationTypeError).notificationType).toBe("payments");
    expect(error.field).toBe("Message.notificationType");
    expect(error.message).toBe(
      'Message.notificationType: expected one of "onboarding_application_rfi_requested", "onboarding_application_approved", ' +
        '"onboarding_application_denied", "onboarding_application_cancelled", "payments" is not an onboarding event',
    );
  });

  it("does not take inherited names for notification types", () => {
    expect(invalid(notification(payload({ notificationType: "toString" })))).toBeInstanceOf(UnknownNotificationTypeError);
  });

  it.each([undefined, 3, ""])("refuses notificationType %j as a shape error", (value) => {
    const error = invalid(notification(payload({ notificationType: value })));
    expect(error).not.toBeInstanceOf(UnknownNotificationTypeError);
    expect(error.field).toBe("Message.notificationType");
  });

  const fieldCases: [string, Record<string, unknown>, string][] = [
    ["version missing", { version: undefined }, "Message.version: missing (expected the number 1)"],
    ["version 2", { version: 2 }, "Message.version: expected the number 1, got 2"],
    ["version as a string", { version: "1" }, 'Message.version: expected the number 1, got "1"'],
    ["clientId missing", { clientId: undefined }, "Message.clientId: missing (expected a UUID)"],
    ["clientId not a UUID", { clientId: "client-1" }, 'Message.clientId: expected a UUID, got "client-1"'],
    ["clientId a number", { clientId: 7 }, "Message.clientId: expected a UUID, got 7"],
    ["applicationId missing", { applicationId: undefined }, "Message.applicationId: missing (expected a UUID)"],
    ["applicationId not a UUID", { applicationId: "550e8400-e29b-41d4-a716-44665544000" }, 'Message.applicationId: expected a UUID, got "550e8400-e29b-41d4-a716-44665544000"'],
    ["status missing", { status: undefined }, 'Message.status: missing (expected "APPROVED" for onboarding_application_approved)'],
    ["status of another event", { status: "DENIED" }, 'Message.status: expected "APPROVED" for onboarding_application_approved, got "DENIED"'],
    ["status lower-case", { status: "approved" }, 'Message.status: expected "APPROVED" for onboarding_application_approved, got "approved"'],
    ["previousStatus missing", { previousStatus: undefined }, 'Message.previousStatus: missing (expected "IN_REVIEW" for onboarding_application_approved)'],
    ["previousStatus wrong", { previousStatus: "DRAFT" }, 'Message.previousStatus: expected "IN_REVIEW" for onboarding_application_approved, got "DRAFT"'],
    [
      "cancelled from SUBMITTED",
      { notificationType: "onboarding_application_cancelled", status: "CANCELLED", previousStatus: "SUBMITTED" },
      'Message.previousStatus: expected "DRAFT" or "IN_REVIEW" for onboarding_application_cancelled, got "SUBMITTED"',
    ],
    [
      "rfi with status APPROVED",
      { notificationType: "onboarding_application_rfi_requested" },
      'Message.status: expected "PENDING_CUSTOMER_INFORMATION" for onboarding_application_rfi_requested, got "APPROVED"',
    ],
  ];

  it.each(fieldCases)("refuses %s", (_label, overrides, message) => {
    const error = invalid(notification(payload(overrides)));
    expect(error).not.toBeInstanceOf(UnknownNotificationTypeError);
    expect(error.message).toBe(message);
    expect(error.field).toBe(message.slice(0, message.indexOf(":")));
  });

  it("refuses a bad envelope before reading the payload", () => {
    expect(invalid({ ...notification(payload({ status: "DENIED" })), Timestamp: undefined }).field).toBe("Timestamp");
  });
});

describe("verifyOnboardingNotification", () => {
  const cert = createCertificate();
  const options = () => ({ fetchCertificate: vi.fn(async () => cert.pem), certificateCache: new Map() as CertificateCache, topicArn });

  it("verifies, then returns the typed notification", async () => {
    const raw = signed(notification(events[3]), cert.privateKey);
    const opts = options();
    await expect(verifyOnboardingNotification(JSON.stringify(raw), opts)).resolves.toEqual({ kind: "notification", event: events[3], message: raw });
    expect(opts.fetchCertificate).toHaveBeenCalledWith(certUrl);
  });

  it("verifies a subscription confirmation", async () => {
    const raw = signed(confirmation(), cert.privateKey, "1");
    await expect(verifyOnboardingNotification(raw, options())).resolves.toMatchObject({ kind: "subscription_confirmation" });
  });

  it("refuses a forged payload on its signature, not its shape", async () => {
    const raw = signed(notification(payload()), cert.privateKey);
    const forged = { ...raw, Message: JSON.stringify(payload({ status: "BOGUS" })) };
    await expect(verifyOnboardingNotification(forged, options())).rejects.toThrow(SignatureVerificationError);
  });

  it("reports an authentic notification of another type as UnknownNotificationTypeError", async () => {
    const raw = signed(notification(payload({ notificationType: "payments" })), cert.privateKey);
    await expect(verifyOnboardingNotification(raw, options())).rejects.toThrow(UnknownNotificationTypeError);
  });

  it("refuses a bad envelope without fetching", async () => {
    const opts = options();
    await expect(verifyOnboardingNotification("{", opts)).rejects.toThrow(InvalidNotificationError);
    expect(opts.fetchCertificate).not.toHaveBeenCalled();
  });
});
