// A signed SNS notification of Circle's approval event and the certificate that verifies it, for
// the runtime tests (workerd, Chromium) that verify it with WebCrypto.
import { createCertificate } from "../webhooks/support/certificate.js";
import { notification, payload, signed, topicArn } from "../webhooks/support/messages.js";

/** The raw body SNS would post, the certificate's PEM, the topic, and the event it carries. */
export function signedApproval(): { body: string; certificatePem: string; topicArn: string; event: Record<string, unknown> } {
  const certificate = createCertificate();
  return { body: JSON.stringify(signed(notification(), certificate.privateKey)), certificatePem: certificate.pem, topicArn, event: payload() };
}
