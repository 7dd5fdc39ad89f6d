// Amazon SNS HTTP(S) messages: strict envelope parsing and signature verification.
// This ships to browsers and edge runtimes, so it uses WebCrypto only; WebCrypto cannot read an
// X.509 certificate, hence the small DER walker below that extracts the public key.
import { InvalidNotificationError, SignatureVerificationError, fieldError } from "./errors.js";

/** Fields every SNS message carries. */
export interface SnsMessageBase {
  /** Unique per message; SNS may deliver the same one more than once. */
  MessageId: string;
  /** ARN of the topic that published the message. */
  TopicArn: string;
  /** The payload: Circle's JSON as a string for notifications, prose for confirmations. */
  Message: string;
  /** ISO 8601 time SNS published the message. */
  Timestamp: string;
  /** "1" (SHA1withRSA) or "2" (SHA256withRSA); others are refused by {@link verifySnsSignature}. */
  SignatureVersion: string;
  /** Base64 signature of the canonical string. */
  Signature: string;
  /** URL of the PEM certificate that signed the message. */
  SigningCertURL: string;
}

/** A published message; Circle's payload is the JSON string in `Message`. */
export interface SnsNotification extends SnsMessageBase {
  /** Discriminant. */
  Type: "Notification";
  /** Present only when the publisher set one; then it is signed too. */
  Subject?: string;
  /** Not covered by the signature: do not act on it before verifying. */
  UnsubscribeURL?: string;
}

/** Sent once when the endpoint is subscribed: visit `SubscribeURL` to confirm. */
export interface SnsSubscriptionConfirmation extends SnsMessageBase {
  /** Discriminant. */
  Type: "SubscriptionConfirmation";
  /** Confirmation token, also part of `SubscribeURL`. */
  Token: string;
  /** GET this URL to confirm the subscription. */
  SubscribeURL: string;
}

/** Sent when the endpoint is unsubscribed: visit `SubscribeURL` to subscribe again. */
export interface SnsUnsubscribeConfirmation extends SnsMessageBase {
  /** Discriminant. */
  Type: "UnsubscribeConfirmation";
  /** Confirmation token, also part of `SubscribeURL`. */
  Token: string;
  /** GET this URL to resubscribe. */
  SubscribeURL: string;
}

/** Any SNS HTTP(S) message, discriminated on `Type`. */
export type SnsMessage = SnsNotification | SnsSubscriptionConfirmation | SnsUnsubscribeConfirmation;

/** PEM certificates by URL; pending fetches are shared, failures are never kept. */
export type CertificateCache = Map<string, Promise<string>>;

/** Options of {@link verifySnsSignature}. */
export interface VerifySnsSignatureOptions {
  /**
   * The topic ARN(s) to accept. A valid SNS signature only proves that *some* SNS topic sent the
   * message, possibly one an attacker owns; pin Circle's topic once you know it.
   */
  topicArn?: string | readonly string[];
  /** Fetches the PEM text of a certificate URL; defaults to `fetch` (no redirects, 10 s timeout). */
  fetchCertificate?: (url: string) => Promise<string>;
  /** Defaults to one cache shared by the module (at most 32 entries); `false` fetches every time. */
  certificateCache?: CertificateCache | false;
}

const messageTypes = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"] as const;
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d{1,2}";
const SNS_HOST = new RegExp(`^sns\\.${REGION}\\.amazonaws\\.com$`);
const TOPIC_ARN = new RegExp(`^arn:aws(?:-[a-z]+)*:sns:${REGION}:\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?$`);
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Reads an SNS message from the raw body (text, bytes or parsed JSON), checking every field it uses. */
export function parseSnsMessage(body: string | object): SnsMessage {
  const record = bodyRecord(body);
  const type = record.Type;
  if (!messageTypes.includes(type as SnsMessage["Type"])) {
    throw fieldError("Type", '"Notification", "SubscriptionConfirmation" or "UnsubscribeConfirmation"', type, true);
  }
  const base: SnsMessageBase = {
    MessageId: nonEmpty(record, "MessageId", true),
    TopicArn: matching(record, "TopicArn", TOPIC_ARN, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", true),
    Message: text(record, "Message"),
    Timestamp: timestamp(record),
    SignatureVersion: nonEmpty(record, "SignatureVersion", true),
    Signature: matching(record, "Signature", BASE64, "a base64 signature"),
    SigningCertURL: nonEmpty(record, "SigningCertURL"),
  };
  if (type === "Notification") {
    const message: SnsNotification = { Type: type, ...base };
    // SNS omits Subject when none was set; a null is read the same way, as AWS's own SDK does.
    if (record.Subject !== undefined && record.Subject !== null) message.Subject = text(record, "Subject");
    if (record.UnsubscribeURL !== undefined && record.UnsubscribeURL !== null) message.UnsubscribeURL = snsUrl(record, "UnsubscribeURL");
    return message;
  }
  const confirmation = { ...base, Token: nonEmpty(record, "Token"), SubscribeURL: snsUrl(record, "SubscribeURL") };
  return type === "SubscriptionConfirmation"
    ? { Type: type, ...confirmation }
    : { Type: "UnsubscribeConfirmation", ...confirmation };
}

/** Throws unless the message is signed by Amazon SNS (and, with `topicArn`, comes from that topic). */
export async function verifySnsSignature(message: SnsMessage, options: VerifySnsSignatureOptions = {}): Promise<void> {
  // Re-read so that only checked fields count, whatever object the caller passes.
  const checked = parseSnsMessage(message);
  const hash = hashFor(checked.SignatureVersion);
  if (!isTrustedCertificateUrl(checked.SigningCertURL)) {
    throw new SignatureVerificationError(
      "untrusted_certificate_url",
      `SigningCertURL: refused ${clip(checked.SigningCertURL)}; expected https://sns.<region>.amazonaws.com/<name>.pem`,
    );
  }
  if (options.topicArn !== undefined) {
    const allowed: readonly string[] = typeof options.topicArn === "string" ? [options.topicArn] : options.topicArn;
    if (!allowed.includes(checked.TopicArn)) {
      throw new SignatureVerificationError("untrusted_topic", `TopicArn: ${checked.TopicArn} is not one of the expected topics`);
    }
  }
  const certificate = await certificateFor(checked.SigningCertURL, options);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("spki", certificate.spki, { name: "RSASSA-PKCS1-v1_5", hash }, false, ["verify"]);
  } catch (error) {
    throw new SignatureVerificationError("invalid_certificate", "certificate: its RSA public key could not be imported", { cause: error });
  }
  const data = new TextEncoder().encode(stringToSign(checked));
  const valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64Bytes(checked.Signature), data);
  if (!valid) {
    throw new SignatureVerificationError("invalid_signature", "Signature: does not match the message under the signing certificate's key");
  }
}

/** AWS's canonical string: fixed field order, each as `Name\nValue\n`, Subject only when present. */
function stringToSign(message: SnsMessage): string {
  const pairs: [string, string | undefined][] =
    message.Type === "Notification"
      ? [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ["Subject", message.Subject],
          ["Timestamp", message.Timestamp],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ]
      : [
          ["Message", message.Message],
          ["MessageId", message.MessageId],
          ["SubscribeURL", message.SubscribeURL],
          ["Timestamp", message.Timestamp],
          ["Token", message.Token],
          ["TopicArn", message.TopicArn],
          ["Type", message.Type],
        ];
  return pairs.map(([name, value]) => (value === undefined ? "" : `${name}\n${value}\n`)).join("");
}

function hashFor(version: string): "SHA-1" | "SHA-256" {
  if (version === "1") return "SHA-1";
  if (version === "2") return "SHA-256";
  throw new SignatureVerificationError("unsupported_signature_version", `SignatureVersion: expected "1" or "2", got ${clip(version)}`);
}

/** Only SNS's own certificate host, and only a URL the parser left untouched (no case, port or path games). */
function isTrustedCertificateUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.href === raw &&
    url.protocol === "https:" &&
    url.username === "" &&
    url.password === "" &&
    url.port === "" &&
    SNS_HOST.test(url.hostname) &&
    url.search === "" &&
    url.hash === "" &&
    /^\/[\w./-]*\.pem$/.test(url.pathname)
  );
}

// ---------------------------------------------------------------------------------------------
// Certificates

interface Certificate {
  spki: Uint8Array<ArrayBuffer>;
  notBefore: number;
  notAfter: number;
}

const MAX_CACHED = 32;
const defaultCache: CertificateCache = new Map();

async function certificateFor(url: string, options: VerifySnsSignatureOptions): Promise<Certificate> {
  const cache = options.certificateCache === undefined ? defaultCache : options.certificateCache || undefined;
  let pending = cache?.get(url);
  if (pending === undefined) {
    pending = fetchPem(url, options.fetchCertificate ?? defaultFetchCertificate);
    if (cache) {
      const oldest = cache.size >= MAX_CACHED ? cache.keys().next() : undefined;
      if (oldest && !oldest.done) cache.delete(oldest.value);
      cache.set(url, pending);
    }
  }
  try {
    const certificate = parseCertificate(await pending);
    const now = Date.now();
    if (now < certificate.notBefore) throw badCertificate(`not valid before ${new Date(certificate.notBefore).toISOString()}`);
    if (now > certificate.notAfter) throw badCertificate(`expired at ${new Date(certificate.notAfter).toISOString()}`);
    return certificate;
  } catch (error) {
    // Keep only certificates that worked, so a transient failure is retried on the next message.
    if (cache?.get(url) === pending) cache.delete(url);
    throw error;
  }
}

async function fetchPem(url: string, fetchCertificate: (url: string) => Promise<string>): Promise<string> {
  let pem: unknown;
  try {
    pem = await fetchCertificate(url);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : "";
    throw new SignatureVerificationError("certificate_unavailable", `certificate: could not fetch ${url}${detail}`, { cause: error });
  }
  if (typeof pem !== "string") throw new SignatureVerificationError("certificate_unavailable", `certificate: fetching ${url} gave no text`);
  return pem;
}

async function defaultFetchCertificate(url: string): Promise<string> {
  // A redirect would leave the host that was checked; AWS serves certificates directly.
  const signal = typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(10_000) : null;
  const response = await fetch(url, { redirect: "manual", signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  return response.text();
}

function badCertificate(detail: string): SignatureVerificationError {
  return new SignatureVerificationError("invalid_certificate", `certificate: ${detail}`);
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OBJECT_IDENTIFIER = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const EXPLICIT_0 = 0xa0;
// 1.2.840.113549.1.1.1
const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const tagNames: Record<number, string> = {
  [SEQUENCE]: "SEQUENCE",
  [INTEGER]: "INTEGER",
  [BIT_STRING]: "BIT STRING",
  [OBJECT_IDENTIFIER]: "OBJECT IDENTIFIER",
};

/** The public key and validity of the first certificate of a PEM text; the issuer chain is TLS's job. */
function parseCertificate(pem: string): Certificate {
  const block = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!block) throw badCertificate("no PEM CERTIFICATE block");
  const body = (block[1] ?? "").replace(/\s+/g, "");
  if (body === "" || !BASE64.test(body)) throw badCertificate("the PEM block is not base64");
  const der = base64Bytes(body);

  const certificate = expectTlv(der, 0, der.length, SEQUENCE, "Certificate");
  if (certificate.end !== der.length) throw badCertificate("Certificate: bytes follow its end");
  const tbs = expectTlv(der, certificate.content, certificate.end, SEQUENCE, "tbsCertificate");
  const algorithm = expectTlv(der, tbs.end, certificate.end, SEQUENCE, "signatureAlgorithm");
  const signature = expectTlv(der, algorithm.end, certificate.end, BIT_STRING, "signatureValue");
  if (signature.end !== certificate.end) throw badCertificate("Certificate: fields follow signatureValue");

  let at = tbs.content;
  const first = readTlv(der, at, tbs.end, "tbsCertificate.version");
  if (first.tag === EXPLICIT_0) at = first.end;
  at = expectTlv(der, at, tbs.end, INTEGER, "tbsCertificate.serialNumber").end;
  at = expectTlv(der, at, tbs.end, SEQUENCE, "tbsCertificate.signature").end;
  at = expectTlv(der, at, tbs.end, SEQUENCE, "tbsCertificate.issuer").end;
  const validity = expectTlv(der, at, tbs.end, SEQUENCE, "tbsCertificate.validity");
  const notBefore = readTime(der, validity.content, validity.end, "validity.notBefore");
  const notAfter = readTime(der, notBefore.end, validity.end, "validity.notAfter");
  if (notAfter.end !== validity.end) throw badCertificate("tbsCertificate.validity: fields follow notAfter");
  at = expectTlv(der, validity.end, tbs.end, SEQUENCE, "tbsCertificate.subject").end;
  const spki = expectTlv(der, at, tbs.end, SEQUENCE, "tbsCertificate.subjectPublicKeyInfo");

  const keyAlgorithm = expectTlv(der, spki.content, spki.end, SEQUENCE, "subjectPublicKeyInfo.algorithm");
  const oid = expectTlv(der, keyAlgorithm.content, keyAlgorithm.end, OBJECT_IDENTIFIER, "subjectPublicKeyInfo.algorithm.algorithm");
  const oidBytes = der.subarray(oid.content, oid.end);
  if (oidBytes.length !== RSA_ENCRYPTION.length || RSA_ENCRYPTION.some((byte, i) => oidBytes[i] !== byte)) {
    throw badCertificate("the public key is not RSA");
  }
  return { spki: der.slice(spki.start, spki.end), notBefore: notBefore.time, notAfter: notAfter.time };
}

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  content: number;
  /** Offset just past the content. */
  end: number;
}

/** One DER element at `at`, which must end by `limit` (its container's end). */
function readTlv(der: Uint8Array, at: number, limit: number, what: string): Tlv {
  const byte = (offset: number): number => {
    const value = offset < limit ? der[offset] : undefined;
    if (value === undefined) throw badCertificate(`${what} is truncated`);
    return value;
  };
  const tag = byte(at);
  if ((tag & 0x1f) === 0x1f) throw badCertificate(`${what} has a multi-byte tag, which certificates do not use`);
  const first = byte(at + 1);
  let length = first;
  let content = at + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw badCertificate(`${what} has an indefinite length, which DER forbids`);
    if (count > 4) throw badCertificate(`${what} is too long`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byte(at + 2 + i);
    if (byte(at + 2) === 0 || length < 0x80) throw badCertificate(`${what} has a non-minimal length, which DER forbids`);
    content = at + 2 + count;
  }
  const end = content + length;
  if (end > limit) throw badCertificate(`${what} runs past the end of its container`);
  return { tag, start: at, content, end };
}

function expectTlv(der: Uint8Array, at: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(der, at, limit, what);
  if (tlv.tag !== tag) {
    throw badCertificate(`${what}: expected ${tagNames[tag] ?? "tag"}, found tag 0x${tlv.tag.toString(16).padStart(2, "0")}`);
  }
  return tlv;
}

/** A UTCTime or GeneralizedTime in DER form (seconds, `Z`), as epoch milliseconds. */
function readTime(der: Uint8Array, at: number, limit: number, what: string): { time: number; end: number } {
  const tlv = readTlv(der, at, limit, what);
  let digits = "";
  if (tlv.end - tlv.content <= 15) for (let i = tlv.content; i < tlv.end; i++) digits += String.fromCharCode(der[i] ?? 0);
  const utc = tlv.tag === UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(digits) : null;
  const generalized = tlv.tag === GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(digits) : null;
  const match = utc ?? generalized;
  if (!match) throw badCertificate(`${what}: expected a UTCTime or GeneralizedTime in DER form`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  // RFC 5280: two-digit years 50-99 are 19xx, 00-49 are 20xx.
  const fullYear = utc ? (year >= 50 ? 1900 + year : 2000 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range parts (month 13, day 32); a round trip catches them.
  if (
    date.getUTCFullYear() !== fullYear ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw badCertificate(`${what}: not a real date`);
  }
  return { time: date.getTime(), end: tlv.end };
}

// ---------------------------------------------------------------------------------------------
// Field readers

function bodyRecord(body: unknown): Record<string, unknown> {
  let value = body;
  if (value instanceof ArrayBuffer) value = new Uint8Array(value);
  if (value instanceof Uint8Array) {
    try {
      value = new TextDecoder("utf-8", { fatal: true }).decode(value);
    } catch {
      throw new InvalidNotificationError("body", "expected UTF-8 text");
    }
  }
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new InvalidNotificationError("body", "expected JSON text (an SNS message), got text that is not JSON");
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw fieldError("body", "a JSON object (an SNS message)", value);
  if (Object.keys(value).length === 0) {
    // The usual cause: SNS posts text/plain, and a JSON-only body parser leaves `{}` behind.
    throw new InvalidNotificationError("body", "empty object; SNS posts text/plain, so read the raw body as text");
  }
  return value as Record<string, unknown>;
}

function text(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== "string") throw fieldError(field, "a string", value);
  return value;
}

function nonEmpty(record: Record<string, unknown>, field: string, echo = false): string {
  const value = record[field];
  if (typeof value !== "string" || value === "") throw fieldError(field, "a non-empty string", value, echo);
  return value;
}

function matching(record: Record<string, unknown>, field: string, pattern: RegExp, expected: string, echo = false): string {
  const value = record[field];
  if (typeof value !== "string" || value === "" || !pattern.test(value)) throw fieldError(field, expected, value, echo);
  return value;
}

function timestamp(record: Record<string, unknown>): string {
  const value = record.Timestamp;
  const match = typeof value === "string" ? TIMESTAMP.exec(value) : null;
  if (!match || Number.isNaN(Date.parse(`${match[1] ?? ""}Z`))) {
    throw fieldError("Timestamp", "an ISO 8601 UTC time like 2024-01-31T12:00:00.000Z", value, true);
  }
  return value as string;
}

/** An SNS endpoint URL (SubscribeURL, UnsubscribeURL): checked here so nobody visits an arbitrary host. */
function snsUrl(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const trusted = url?.protocol === "https:" && url.username === "" && url.password === "" && url.port === "" && SNS_HOST.test(url.hostname);
  if (!trusted) throw fieldError(field, "an https://sns.<region>.amazonaws.com/ URL", value);
  return value as string;
}

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A caller-supplied string on one short line. */
function clip(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
}
