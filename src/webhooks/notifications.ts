// Circle's onboarding notifications: an SNS envelope whose `Message` is Circle's JSON payload.
// Parsing never touches the network; verifyOnboardingNotification adds the signature check.
// The payload types and the transitions checked are generated from the OpenAPI document's webhooks.
import { notificationTransitions, notificationVersion } from "../../generated/notifications.js";
import type { components } from "../../generated/openapi.js";
import { uuidPattern } from "../uuid.js";
import { InvalidNotificationError, UnknownNotificationTypeError, fieldError } from "./errors.js";
import {
  parseSnsMessage,
  verifySnsSignature,
  type SnsNotification,
  type SnsSubscriptionConfirmation,
  type SnsUnsubscribeConfirmation,
  type VerifySnsSignatureOptions,
} from "./sns.js";

type Schemas = components["schemas"];

/** Circle asked for more information: the application is editable again where the RFIs point. */
export type ApplicationRfiRequestedEvent = Schemas["ApplicationRfiRequestedEvent"];
/** The application was approved. */
export type ApplicationApprovedEvent = Schemas["ApplicationApprovedEvent"];
/** The application was denied. */
export type ApplicationDeniedEvent = Schemas["ApplicationDeniedEvent"];
/** The application was cancelled; from `DRAFT`, or `IN_REVIEW` as one of Circle's copies has it. */
export type ApplicationCancelledEvent = Schemas["ApplicationCancelledEvent"];

/** An onboarding event, discriminated on `notificationType`: the OpenAPI document's `OnboardingEvent`. */
export type OnboardingEvent = Schemas["OnboardingEvent"];

/** Fields every onboarding event carries: `clientId` (the partner's own id), `version` and `applicationId`. */
export type OnboardingEventBase = Pick<OnboardingEvent, "clientId" | "version" | "applicationId">;

/** The `notificationType` of an onboarding event. */
export type OnboardingNotificationType = OnboardingEvent["notificationType"];

/** A subscription to confirm: GET `subscribeUrl` (after verifying, and only for your Circle topic). */
export interface SubscriptionConfirmationReceived {
  /** Discriminant. */
  kind: "subscription_confirmation";
  /** The URL to GET to confirm. */
  subscribeUrl: string;
  /** The topic asking to deliver to you. */
  topicArn: string;
  /** The SNS message it came in. */
  message: SnsSubscriptionConfirmation;
}

/** The endpoint was unsubscribed; `subscribeUrl` subscribes it again. */
export interface UnsubscribeConfirmationReceived {
  /** Discriminant. */
  kind: "unsubscribe_confirmation";
  /** The URL to GET to resubscribe. */
  subscribeUrl: string;
  /** The topic that unsubscribed you. */
  topicArn: string;
  /** The SNS message it came in. */
  message: SnsUnsubscribeConfirmation;
}

/** An onboarding event delivered as an SNS notification. */
export interface OnboardingEventReceived {
  /** Discriminant. */
  kind: "notification";
  /** Circle's payload, typed by `notificationType`. */
  event: OnboardingEvent;
  /** The SNS message it came in. */
  message: SnsNotification;
}

/** What an onboarding webhook can receive, discriminated on `kind`. */
export type OnboardingNotification = SubscriptionConfirmationReceived | UnsubscribeConfirmationReceived | OnboardingEventReceived;

// The transitions come from the OpenAPI document's webhook payloads, like the types above.
const transitions = notificationTransitions;
const notificationTypes = Object.keys(transitions) as OnboardingNotificationType[];

/** Reads a webhook body (text, bytes or parsed JSON) into a typed result; fetches and verifies nothing. */
export function parseOnboardingNotification(body: string | object): OnboardingNotification {
  const message = parseSnsMessage(body);
  switch (message.Type) {
    case "SubscriptionConfirmation":
      return { kind: "subscription_confirmation", subscribeUrl: message.SubscribeURL, topicArn: message.TopicArn, message };
    case "UnsubscribeConfirmation":
      return { kind: "unsubscribe_confirmation", subscribeUrl: message.SubscribeURL, topicArn: message.TopicArn, message };
    case "Notification":
      return { kind: "notification", event: parseOnboardingEvent(message.Message), message };
  }
}

/** Parses the body, verifies its SNS signature, then reads Circle's payload; throws on any failure. */
export async function verifyOnboardingNotification(
  body: string | object,
  options: VerifySnsSignatureOptions = {},
): Promise<OnboardingNotification> {
  const message = parseSnsMessage(body);
  // Verify before reading the payload, so payload errors only ever concern authentic messages.
  await verifySnsSignature(message, options);
  return parseOnboardingNotification(message);
}

/** Circle's payload from the `Message` string of an SNS notification. */
function parseOnboardingEvent(text: string): OnboardingEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new InvalidNotificationError("Message", "expected a JSON object (Circle's payload), got text that is not JSON");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw fieldError("Message", "a JSON object (Circle's payload)", payload);
  }
  const record = payload as Record<string, unknown>;
  const type = record.notificationType;
  const expectedTypes = notificationTypes.map((t) => `"${t}"`).join(", ");
  if (typeof type !== "string" || type === "") throw fieldError("Message.notificationType", `one of ${expectedTypes}`, type);
  if (!Object.hasOwn(transitions, type)) {
    throw new UnknownNotificationTypeError(type, `expected one of ${expectedTypes}, ${JSON.stringify(type.slice(0, 64))} is not an onboarding event`);
  }
  const notificationType = type as OnboardingNotificationType;
  const rule = transitions[notificationType];
  if (record.version !== notificationVersion) throw fieldError("Message.version", `the number ${notificationVersion}`, record.version, true);
  const clientId = uuid(record, "clientId");
  const applicationId = uuid(record, "applicationId");
  if (record.status !== rule.status) {
    throw fieldError("Message.status", `"${rule.status}" for ${notificationType}`, record.status, true);
  }
  const previous: readonly unknown[] = rule.previousStatus;
  if (!previous.includes(record.previousStatus)) {
    const expected = rule.previousStatus.map((s) => `"${s}"`).join(" or ");
    throw fieldError("Message.previousStatus", `${expected} for ${notificationType}`, record.previousStatus, true);
  }
  // The checks above are exactly the union's constraints; TypeScript cannot correlate them itself.
  return {
    notificationType,
    clientId,
    applicationId,
    version: notificationVersion,
    status: rule.status,
    previousStatus: record.previousStatus,
  } as OnboardingEvent;
}

function uuid(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== "string" || !uuidPattern.test(value)) throw fieldError(`Message.${field}`, "a UUID", value, true);
  return value;
}
