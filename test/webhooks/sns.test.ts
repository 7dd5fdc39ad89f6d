// The SNS envelope: every field checked, errors naming the field, nothing secret echoed.
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSnsMessage } from "../../src/webhooks/index.js";
import { createCertificate } from "./support/certificate.js";
import { invalidWith } from "./support/invalid.js";
import { confirmation, notification, topicArn } from "./support/messages.js";

const invalid = (body: unknown) => invalidWith(parseSnsMessage, body);

describe("parseSnsMessage", () => {
  it("reads a Notification from text, bytes, an ArrayBuffer or an object", () => {
    const raw = notification(undefined, { Subject: "Hi" });
    const text = JSON.stringify(raw);
    const bytes = new TextEncoder().encode(text);
    const expected = { ...raw };
    for (const body of [text, Buffer.from(text), bytes, bytes.buffer, raw]) expect(parseSnsMessage(body)).toEqual(expected);
  });

  it("reads both confirmations", () => {
    for (const type of ["SubscriptionConfirmation", "UnsubscribeConfirmation"] as const) {
      const raw = confirmation(type);
      expect(parseSnsMessage(raw)).toEqual(raw);
    }
  });

  it("keeps only the fields it knows, and reads a null Subject as none", () => {
    const parsed = parseSnsMessage({ ...notification(), Subject: null, MessageAttributes: {}, Token: "x", SubscribeURL: "https://evil.com" });
    expect(Object.keys(parsed).sort()).toEqual(
      ["Message", "MessageId", "Signature", "SignatureVersion", "SigningCertURL", "Timestamp", "TopicArn", "Type", "UnsubscribeURL"].sort(),
    );
  });

  it("accepts a Notification without UnsubscribeURL (it is not signed)", () => {
    const { UnsubscribeURL: _, ...raw } = notification();
    expect(parseSnsMessage(raw)).not.toHaveProperty("UnsubscribeURL");
  });

  it("accepts any string SignatureVersion: verification decides", () => {
    expect(parseSnsMessage({ ...notification(), SignatureVersion: "3" }).SignatureVersion).toBe("3");
  });

  it.each([
    ["not JSON", "Type=Notification", /^body: expected JSON text/],
    ["a JSON array", "[]", /^body: expected a JSON object \(an SNS message\), got an array$/],
    ["a JSON string", '"hello"', /^body: expected a JSON object/],
    ["null", null, /^body: expected a JSON object \(an SNS message\), got null$/],
    ["invalid UTF-8", new Uint8Array([0xff, 0xfe, 0x7b]), /^body: expected UTF-8 text$/],
    ["an empty object (a JSON-only body parser met text/plain)", {}, /^body: empty object; SNS posts text\/plain/],
  ])("refuses a body that is %s", (_label, body, message) => {
    const error = invalid(body);
    expect(error.field).toBe("body");
    expect(error.message).toMatch(message);
  });

  it("names the Type it does not know", () => {
    expect(invalid({ ...notification(), Type: "Foo" }).message).toBe(
      'Type: expected "Notification", "SubscriptionConfirmation" or "UnsubscribeConfirmation", got "Foo"',
    );
    expect(invalid({ ...notification(), Type: undefined }).message).toMatch(/^Type: missing \(expected "Notification"/);
  });

  const notificationFields = ["MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"];
  it.each(notificationFields)("names a missing %s", (field) => {
    const error = invalid({ ...notification(), [field]: undefined });
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field}: missing \\(expected .+\\)$`));
  });

  it.each(["Token", "SubscribeURL", ...notificationFields])("names a missing %s in a SubscriptionConfirmation", (field) => {
    expect(invalid({ ...confirmation(), [field]: undefined }).field).toBe(field);
  });

  it.each([
    ["MessageId", "", "a non-empty string, got an empty string"],
    ["MessageId", 42, "a non-empty string, got 42"],
    ["TopicArn", "not-an-arn", 'an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "not-an-arn"'],
    ["TopicArn", "arn:aws:sqs:us-east-1:123456789012:queue", "an SNS topic ARN"],
    ["TopicArn", `${topicArn}\n`, "an SNS topic ARN"],
    ["Message", 7, "a string, got a number"],
    ["Message", { a: 1 }, "a string, got an object"],
    ["Timestamp", "yesterday", 'an ISO 8601 UTC time like 2024-01-31T12:00:00.000Z, got "yesterday"'],
    ["Timestamp", "2024-13-45T99:00:00.000Z", "an ISO 8601 UTC time"],
    ["Timestamp", "2024-05-01T12:34:56+02:00", "an ISO 8601 UTC time"],
    ["SignatureVersion", 2, "a non-empty string, got 2"],
    ["Signature", "not base64!", "a base64 signature, got a 11-character string"],
    ["Signature", "AAA", "a base64 signature"],
    ["Signature", "", "a base64 signature"],
    ["SigningCertURL", "", "a non-empty string"],
    ["Subject", 5, "a string, got a number"],
    ["UnsubscribeURL", "https://evil.com/?Action=Unsubscribe", "an https://sns.<region>.amazonaws.com/ URL, got a 36-character string"],
  ])("refuses %s = %j", (field, value, expected) => {
    const error = invalid({ ...notification(), [field]: value });
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: expected ${expected}`);
  });

  it.each([
    "https://evil.com/?Action=ConfirmSubscription&Token=secret-token",
    "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=secret-token",
    "https://sns.us-east-1.amazonaws.com.evil.com/?Token=secret-token",
    "https://user@sns.us-east-1.amazonaws.com/?Token=secret-token",
    "https://sns.us-east-1.amazonaws.com:8443/?Token=secret-token",
    "not a url secret-token",
  ])("refuses SubscribeURL %s without echoing it", (url) => {
    const error = invalid({ ...confirmation(), SubscribeURL: url });
    expect(error.field).toBe("SubscribeURL");
    expect(error.message).toMatch(/^SubscribeURL: expected an https:\/\/sns\.<region>\.amazonaws\.com\/ URL/);
    expect(error.message).not.toContain("secret-token");
  });

  it("never echoes a token, a signature or a payload", () => {
    const token = "tok-0123456789-secret";
    expect(invalid({ ...confirmation(), Token: 5 }).message).toBe("Token: expected a non-empty string, got a number");
    const errors = [
      invalid({ ...confirmation(), Token: token, SubscribeURL: `https://evil.com/?Token=${token}` }),
      invalid({ ...notification("secret payload"), Signature: "secret signature" }),
      invalid({ ...notification("secret payload"), Timestamp: undefined }),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain(token);
      expect(error.message).not.toContain("secret");
    }
  });
});

describe("the test certificate helper", () => {
  it("builds certificates that Node's own X.509 parser accepts and verifies", () => {
    for (const options of [{}, { v1: true }, { ec: true }, { notAfter: new Date("2051-01-01T00:00:00Z") }]) {
      const cert = createCertificate(options);
      const x509 = new X509Certificate(cert.pem);
      expect(x509.verify(cert.publicKey)).toBe(true);
      expect(x509.publicKey.export({ type: "spki", format: "der" })).toEqual(cert.publicKey.export({ type: "spki", format: "der" }));
      expect(x509.subject).toBe("CN=sns.test.invalid");
    }
    expect(new Date(new X509Certificate(createCertificate({ notAfter: new Date("2051-01-01T00:00:00Z") }).pem).validTo).toISOString()).toBe(
      "2051-01-01T00:00:00.000Z",
    );
  });
});
