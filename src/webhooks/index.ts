// Webhooks: Circle's onboarding notifications, delivered by Amazon SNS.
export {
  InvalidNotificationError,
  SignatureVerificationError,
  UnknownNotificationTypeError,
  type SignatureFailureReason,
} from "./errors.js";
export {
  parseOnboardingNotification,
  verifyOnboardingNotification,
  type ApplicationApprovedEvent,
  type ApplicationCancelledEvent,
  type ApplicationDeniedEvent,
  type ApplicationRfiRequestedEvent,
  type OnboardingEvent,
  type OnboardingEventBase,
  type OnboardingEventReceived,
  type OnboardingNotification,
  type OnboardingNotificationType,
  type SubscriptionConfirmationReceived,
  type UnsubscribeConfirmationReceived,
} from "./notifications.js";
export {
  parseSnsMessage,
  verifySnsSignature,
  type CertificateCache,
  type SnsMessage,
  type SnsMessageBase,
  type SnsNotification,
  type SnsSubscriptionConfirmation,
  type SnsUnsubscribeConfirmation,
  type VerifySnsSignatureOptions,
} from "./sns.js";
