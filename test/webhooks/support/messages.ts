// SNS messages as SNS sends them, signed here with node:crypto independently of src/.
import { sign, type KeyObject } from "node:crypto";

/** A certificate URL of the shape SNS uses. */
export const certUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
/** The topic the test messages come from. */
export const topicArn = "arn:aws:sns:us-east-1:123456789012:circle-onboarding-notifications";
/** The partner's client id. */
export const partnerClientId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
/** The application the events are about. */
export const eventApplicationId = "550e8400-e29b-41d4-a716-446655440000";

/** Circle's payload for an approved application, with `overrides` merged in (`undefined` drops a field). */
export function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    clientId: partnerClientId,
    notificationType: "onboarding_application_approved",
    version: 1,
    applicationId: eventApplicationId,
    status: "APPROVED",
    previousStatus: "IN_REVIEW",
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

/** An unsigned Notification envelope around `message` (a string, or an object to serialise). */
export function notification(message: unknown = payload(), extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: "Notification",
    MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
    TopicArn: topicArn,
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: "2024-05-01T12:34:56.789Z",
    SignatureVersion: "2",
    Signature: "AAAA",
    SigningCertURL: certUrl,
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:79b9bd6c`,
    ...extra,
  };
}

/** An unsigned SubscriptionConfirmation (or UnsubscribeConfirmation) envelope. */
export function confirmation(type: "SubscriptionConfirmation" | "UnsubscribeConfirmation" = "SubscriptionConfirmation"): Record<string, unknown> {
  const token = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";
  return {
    Type: type,
    MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
    Timestamp: "2024-05-01T12:00:00.000Z",
    SignatureVersion: "2",
    Signature: "AAAA",
    SigningCertURL: certUrl,
  };
}

/** The envelope signed as SNS signs it: the canonical fields in order, `Name\nValue\n` each. */
export function signed(message: Record<string, unknown>, privateKey: KeyObject, version: "1" | "2" = "2"): Record<string, unknown> {
  const fields =
    message.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const canonical = fields
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${String(message[field])}\n`)
    .join("");
  const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(canonical, "utf8"), privateKey);
  return { ...message, SignatureVersion: version, Signature: signature.toString("base64") };
}
