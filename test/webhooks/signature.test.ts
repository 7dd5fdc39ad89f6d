// SNS signature verification against a certificate made in the test, signed as SNS signs.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OnboardingError } from "../../src/errors.js";
import {
  InvalidNotificationError,
  SignatureVerificationError,
  parseSnsMessage,
  verifySnsSignature,
  type CertificateCache,
  type SignatureFailureReason,
  type SnsMessage,
  type VerifySnsSignatureOptions,
} from "../../src/webhooks/index.js";
import { createCertificate, tlv, toPem } from "./support/certificate.js";
import { certUrl, confirmation, notification, signed, topicArn } from "./support/messages.js";

const cert = createCertificate();
const otherCert = createCertificate();

/** Options with an injected certificate source and a cache of the test's own. */
function options(pem: string = cert.pem, extra: Pick<VerifySnsSignatureOptions, "topicArn"> = {}) {
  const fetchCertificate = vi.fn(async (_url: string) => pem);
  const certificateCache: CertificateCache = new Map();
  return { ...extra, fetchCertificate, certificateCache };
}

function verify(raw: Record<string, unknown>, opts: VerifySnsSignatureOptions = options()): Promise<void> {
  return verifySnsSignature(parseSnsMessage(raw), opts);
}

async function refusal(promise: Promise<unknown>, reason: SignatureFailureReason): Promise<SignatureVerificationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignatureVerificationError);
  expect(error).toBeInstanceOf(OnboardingError);
  const failure = error as SignatureVerificationError;
  expect(failure.reason).toBe(reason);
  expect(failure.message).not.toMatch(/\n/);
  return failure;
}

const messages = {
  "Notification with Subject": () => notification(undefined, { Subject: "Onboarding update" }),
  "Notification without Subject": () => notification(),
  SubscriptionConfirmation: () => confirmation("SubscriptionConfirmation"),
  UnsubscribeConfirmation: () => confirmation("UnsubscribeConfirmation"),
};
const cases = (["1", "2"] as const).flatMap((version) =>
  Object.entries(messages).map(([label, make]) => ({ version, label, make })),
);

describe("valid signatures", () => {
  it.each(cases)("pass: SignatureVersion $version, $label", async ({ version, make }) => {
    const opts = options();
    await expect(verify(signed(make(), cert.privateKey, version), opts)).resolves.toBeUndefined();
    expect(opts.fetchCertificate).toHaveBeenCalledExactlyOnceWith(certUrl);
  });

  it("pass from the raw text body", async () => {
    const body = JSON.stringify(signed(notification(), cert.privateKey));
    await expect(verifySnsSignature(parseSnsMessage(body), options())).resolves.toBeUndefined();
  });

  it("sign the UTF-8 bytes of non-ASCII text", async () => {
    const raw = notification("Ünïcødé ✓ 日本語 — \u{1F600}", { Subject: "Grüße" });
    await expect(verify(signed(raw, cert.privateKey))).resolves.toBeUndefined();
  });

  it("treat a null Subject as absent, as SNS signs it", async () => {
    const raw = { ...signed(notification(), cert.privateKey), Subject: null };
    await expect(verify(raw)).resolves.toBeUndefined();
  });

  it("ignore unsigned extra fields", async () => {
    const raw = { ...signed(notification(), cert.privateKey), MessageAttributes: { a: { Type: "String", Value: "b" } } };
    await expect(verify(raw)).resolves.toBeUndefined();
  });

  it("accept a v1 certificate (no version field)", async () => {
    const v1 = createCertificate({ v1: true, keys: cert });
    await expect(verify(signed(notification(), cert.privateKey), options(v1.pem))).resolves.toBeUndefined();
  });

  it("accept a certificate valid past 2049 (GeneralizedTime)", async () => {
    const far = createCertificate({ notAfter: new Date("2051-06-30T00:00:00Z"), keys: cert });
    await expect(verify(signed(notification(), cert.privateKey), options(far.pem))).resolves.toBeUndefined();
  });

  it("use the first certificate of a PEM file with text around it", async () => {
    const pem = `Bag Attributes: none\n${cert.pem}\n${otherCert.pem}`;
    await expect(verify(signed(notification(), cert.privateKey), options(pem))).resolves.toBeUndefined();
  });

  it("re-check the message object they are given", async () => {
    const message = { ...signed(notification(), cert.privateKey), TopicArn: 42 } as unknown as SnsMessage;
    await expect(verifySnsSignature(message, options())).rejects.toThrow(InvalidNotificationError);
  });
});

describe("tampered messages fail", () => {
  const tampered: [string, (raw: Record<string, unknown>) => Record<string, unknown>][] = [
    ["Message", (raw) => ({ ...raw, Message: String(raw.Message).replace("APPROVED", "DENIED") })],
    ["Timestamp", (raw) => ({ ...raw, Timestamp: "2024-05-01T12:34:57.789Z" })],
    ["MessageId", (raw) => ({ ...raw, MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf325" })],
    ["TopicArn", (raw) => ({ ...raw, TopicArn: "arn:aws:sns:us-east-1:123456789012:another-topic" })],
    ["Subject changed", (raw) => ({ ...raw, Subject: "Something else" })],
    ["Subject removed", ({ Subject: _, ...raw }) => raw],
  ];

  it.each(tampered)("%s", async (_label, tamper) => {
    for (const version of ["1", "2"] as const) {
      const raw = signed(notification(undefined, { Subject: "Onboarding update" }), cert.privateKey, version);
      await refusal(verify(tamper(raw)), "invalid_signature");
    }
  });

  it("Subject added to a message signed without one", async () => {
    const raw = signed(notification(), cert.privateKey);
    await refusal(verify({ ...raw, Subject: "Injected" }), "invalid_signature");
  });

  it.each(["Token", "SubscribeURL", "Message"])("confirmation %s", async (field) => {
    const raw = signed(confirmation(), cert.privateKey);
    const value = field === "SubscribeURL" ? `${String(raw.SubscribeURL)}0` : `${String(raw[field])}0`;
    await refusal(verify({ ...raw, [field]: value }), "invalid_signature");
  });

  it("a signature from another key", async () => {
    const raw = signed(notification(), otherCert.privateKey);
    const error = await refusal(verify(raw), "invalid_signature");
    expect(error.message).toMatch(/^Signature: /);
    expect(error.message).not.toContain(String(raw.Signature).slice(0, 16));
  });

  it("a SHA-1 signature labelled as version 2, and the reverse", async () => {
    await refusal(verify({ ...signed(notification(), cert.privateKey, "1"), SignatureVersion: "2" }), "invalid_signature");
    await refusal(verify({ ...signed(notification(), cert.privateKey, "2"), SignatureVersion: "1" }), "invalid_signature");
  });

  it("a message with no envelope signing (garbage signature)", async () => {
    await refusal(verify({ ...notification(), Signature: "AAAA" }), "invalid_signature");
  });
});

describe("signature versions", () => {
  it.each(["3", "0", "2.0", "v2", "constructor"])("%s is refused before fetching", async (version) => {
    const opts = options();
    const error = await refusal(verify({ ...signed(notification(), cert.privateKey), SignatureVersion: version }, opts), "unsupported_signature_version");
    expect(error.message).toContain("SignatureVersion");
    expect(opts.fetchCertificate).not.toHaveBeenCalled();
  });
});

describe("certificate URLs", () => {
  const refused = [
    "http://sns.us-east-1.amazonaws.com/x.pem",
    "https://sns.us-east-1.amazonaws.com.evil.com/x.pem",
    "https://evil.com/sns.us-east-1.amazonaws.com/x.pem",
    "https://user@sns.us-east-1.amazonaws.com/x.pem",
    "https://user:pass@sns.us-east-1.amazonaws.com/x.pem",
    "https://sns.us-east-1.amazonaws.com@evil.com/x.pem",
    "https://s3.amazonaws.com/x.pem",
    "https://sns.amazonaws.com/x.pem",
    "https://sns.evil.amazonaws.com/x.pem",
    "https://sns.us-east-1.evil.amazonaws.com/x.pem",
    "https://evilsns.us-east-1.amazonaws.com/x.pem",
    "https://sns.us-east-1.amazonaws.com.cn/x.pem",
    "https://SNS.US-EAST-1.AMAZONAWS.COM/x.pem",
    "https://sns.us-east-1.amazonaws.com:443/x.pem",
    "https://sns.us-east-1.amazonaws.com:8443/x.pem",
    "https://sns.us-east-1.amazonaws.com./x.pem",
    "https://sns.us-east-1.amazonaws.com/x.pem?download=1",
    "https://sns.us-east-1.amazonaws.com/x.pem#top",
    "https://sns.us-east-1.amazonaws.com/x.txt",
    "https://sns.us-east-1.amazonaws.com/",
    "https://sns.us-east-1.amazonaws.com/a/../x.pem",
    "https://sns.us-east-1.amazonaws.com/%2e%2e/x.pem",
    "https://sns.us-east-1.amazonaws.com\\x.pem",
    " https://sns.us-east-1.amazonaws.com/x.pem",
    "https://sns.us-east-1.amazonaws.com/x.pem\n",
    "//sns.us-east-1.amazonaws.com/x.pem",
    "file:///etc/sns.us-east-1.amazonaws.com/x.pem",
    "not a url",
  ];

  it.each(refused)("refuse %j without fetching", async (url) => {
    const opts = options();
    const error = await refusal(verify({ ...signed(notification(), cert.privateKey), SigningCertURL: url }, opts), "untrusted_certificate_url");
    expect(error.message).toMatch(/^SigningCertURL: refused /);
    expect(opts.fetchCertificate).not.toHaveBeenCalled();
  });

  it.each([
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
    "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-a.pem",
    "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-b.pem",
    "https://sns.ap-southeast-2.amazonaws.com/certs/SimpleNotificationService_c.pem",
  ])("accept %s", async (url) => {
    const opts = options();
    await expect(verify({ ...signed(notification(), cert.privateKey), SigningCertURL: url }, opts)).resolves.toBeUndefined();
    expect(opts.fetchCertificate).toHaveBeenCalledExactlyOnceWith(url);
  });
});

describe("topic pinning", () => {
  it("passes the expected topic, as a string or in a list", async () => {
    const raw = signed(notification(), cert.privateKey);
    await expect(verify(raw, options(cert.pem, { topicArn }))).resolves.toBeUndefined();
    await expect(verify(raw, options(cert.pem, { topicArn: ["arn:aws:sns:us-east-1:123456789012:other", topicArn] }))).resolves.toBeUndefined();
  });

  it("refuses any other topic, however well signed, before fetching", async () => {
    const raw = signed(notification(), cert.privateKey);
    const opts = options(cert.pem, { topicArn: "arn:aws:sns:us-east-1:999999999999:circle-onboarding-notifications" });
    const error = await refusal(verify(raw, opts), "untrusted_topic");
    expect(error.message).toMatch(/^TopicArn: /);
    expect(opts.fetchCertificate).not.toHaveBeenCalled();
  });
});

describe("certificates", () => {
  const message = () => signed(notification(), cert.privateKey);

  it("refuses an expired certificate", async () => {
    const expired = createCertificate({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-01-01T00:00:00Z"), keys: cert });
    const error = await refusal(verify(message(), options(expired.pem)), "invalid_certificate");
    expect(error.message).toBe("certificate: expired at 2021-01-01T00:00:00.000Z");
  });

  it("refuses a certificate not yet valid", async () => {
    const future = createCertificate({ notBefore: new Date("2049-01-01T00:00:00Z"), notAfter: new Date("2055-01-01T00:00:00Z"), keys: cert });
    const error = await refusal(verify(message(), options(future.pem)), "invalid_certificate");
    expect(error.message).toBe("certificate: not valid before 2049-01-01T00:00:00.000Z");
  });

  it("refuses a certificate whose key is not RSA", async () => {
    const ec = createCertificate({ ec: true });
    const error = await refusal(verify(message(), options(ec.pem)), "invalid_certificate");
    expect(error.message).toBe("certificate: the public key is not RSA");
  });

  const der = cert.der;
  const withByte = (index: number, value: number): Buffer => {
    const copy = Buffer.from(der);
    copy[index] = value;
    return copy;
  };
  const malformed: [string, string, RegExp][] = [
    ["empty text", "", /no PEM CERTIFICATE block/],
    ["an HTML error page", "<html><body>Access Denied</body></html>", /no PEM CERTIFICATE block/],
    ["a public key, not a certificate", cert.publicKey.export({ type: "spki", format: "pem" }).toString(), /no PEM CERTIFICATE block/],
    ["an empty block", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", /not base64/],
    ["non-base64 text", "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----", /not base64/],
    ["truncated DER", toPem(der.subarray(0, 200)), /Certificate runs past the end/],
    ["trailing bytes", toPem(Buffer.concat([der, Buffer.from([0, 0])])), /bytes follow its end/],
    ["a wrong outer tag", toPem(withByte(0, 0x31)), /Certificate: expected SEQUENCE, found tag 0x31/],
    ["a multi-byte tag", toPem(withByte(0, 0x3f)), /multi-byte tag/],
    ["an indefinite length", toPem(Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4), Buffer.from([0, 0])])), /indefinite length/],
    ["a non-minimal length", toPem(tlvWithLongLength(der.subarray(4))), /non-minimal length/],
    ["a DER of one byte", toPem(Buffer.from([0x30])), /Certificate is truncated/],
    ["a SEQUENCE of garbage", toPem(tlv(0x30, Buffer.from([0x02, 0x01, 0x00]))), /tbsCertificate: expected SEQUENCE/],
    ["a bad validity time", toPem(replaceNotBefore("991332000000Z")), /validity.notBefore: not a real date/],
    ["a validity time with fractions", toPem(replaceNotBefore("2401010000.5Z")), /validity.notBefore: expected a UTCTime/],
  ];

  it.each(malformed)("refuses %s with a clear error", async (_label, pem, pattern) => {
    const error = await refusal(verify(message(), options(pem)), "invalid_certificate");
    expect(error.message).toMatch(/^certificate: /);
    expect(error.message).toMatch(pattern);
  });

  it("never crashes on any truncation of the DER", async () => {
    for (let length = 0; length < der.length; length += 1) {
      await refusal(verify(message(), options(toPem(der.subarray(0, length)))), "invalid_certificate");
    }
  });

  it("never crashes on corrupted bytes: it verifies or refuses", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: der.length - 1 }), fc.integer({ min: 0, max: 255 }), async (index, value) => {
        const result = await verify(message(), options(toPem(withByte(index, value)))).then(
          () => "verified",
          (e: unknown) => e,
        );
        if (result !== "verified") expect(result).toBeInstanceOf(SignatureVerificationError);
      }),
      { numRuns: 300 },
    );
  });
});

describe("certificate fetching", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("reports a failed fetch as certificate_unavailable and fetches again next time", async () => {
    const cache: CertificateCache = new Map();
    const fetchCertificate = vi.fn<(url: string) => Promise<string>>().mockRejectedValueOnce(new Error("socket hang up")).mockResolvedValue(cert.pem);
    const raw = signed(notification(), cert.privateKey);
    const error = await refusal(verify(raw, { fetchCertificate, certificateCache: cache }), "certificate_unavailable");
    expect(error.message).toBe(`certificate: could not fetch ${certUrl}: socket hang up`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(cache.size).toBe(0);
    await expect(verify(raw, { fetchCertificate, certificateCache: cache })).resolves.toBeUndefined();
    expect(fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it("refuses a fetch that yields no text", async () => {
    const fetchCertificate = vi.fn(async () => undefined as unknown as string);
    await refusal(verify(signed(notification(), cert.privateKey), { fetchCertificate, certificateCache: false }), "certificate_unavailable");
  });

  it("uses fetch by default, without following redirects", async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(cert.pem));
    vi.stubGlobal("fetch", fetchMock);
    await expect(verify(signed(notification(), cert.privateKey), { certificateCache: false })).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledOnce();
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe(certUrl);
    expect(init?.redirect).toBe("manual");
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([404, 302, 500])("reports HTTP %i from the default fetch", async (status) => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(status === 302 ? null : "nope", { status, headers: status === 302 ? { location: "https://evil.com/x.pem" } : {} })));
    const error = await refusal(verify(signed(notification(), cert.privateKey), { certificateCache: false }), "certificate_unavailable");
    expect(error.message).toContain(`HTTP ${status}`);
  });
});

describe("certificate cache", () => {
  it("fetches a URL once across messages", async () => {
    const opts = options();
    await verify(signed(notification(), cert.privateKey), opts);
    await verify(signed(confirmation(), cert.privateKey, "1"), opts);
    expect(opts.fetchCertificate).toHaveBeenCalledOnce();
    expect([...opts.certificateCache.keys()]).toEqual([certUrl]);
  });

  it("shares one fetch among concurrent messages", async () => {
    const opts = options();
    await Promise.all(Array.from({ length: 5 }, () => verify(signed(notification(), cert.privateKey), opts)));
    expect(opts.fetchCertificate).toHaveBeenCalledOnce();
  });

  it("is on by default, shared by the module", async () => {
    const url = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-default-cache-test.pem";
    const fetchCertificate = vi.fn(async () => cert.pem);
    const raw = { ...signed(notification(), cert.privateKey), SigningCertURL: url };
    await verify(raw, { fetchCertificate });
    await verify(raw, { fetchCertificate });
    expect(fetchCertificate).toHaveBeenCalledOnce();
  });

  it("is off with certificateCache: false", async () => {
    const fetchCertificate = vi.fn(async () => cert.pem);
    const raw = signed(notification(), cert.privateKey);
    await verify(raw, { fetchCertificate, certificateCache: false });
    await verify(raw, { fetchCertificate, certificateCache: false });
    expect(fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it("keys by URL", async () => {
    const opts = options();
    const raw = signed(notification(), cert.privateKey);
    await verify(raw, opts);
    await verify({ ...raw, SigningCertURL: certUrl.replace("us-east-1", "us-west-2") }, opts);
    expect(opts.fetchCertificate).toHaveBeenCalledTimes(2);
  });

  it("keeps no certificate that failed", async () => {
    const expired = createCertificate({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-01-01T00:00:00Z"), keys: cert });
    const opts = options(expired.pem);
    await refusal(verify(signed(notification(), cert.privateKey), opts), "invalid_certificate");
    expect(opts.certificateCache.size).toBe(0);
  });

  it("can be seeded with a known certificate, and then fetches nothing", async () => {
    const fetchCertificate = vi.fn(async () => otherCert.pem);
    const certificateCache: CertificateCache = new Map([[certUrl, Promise.resolve(cert.pem)]]);
    await expect(verify(signed(notification(), cert.privateKey), { fetchCertificate, certificateCache })).resolves.toBeUndefined();
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it("holds at most 32 certificates", async () => {
    const opts = options();
    const raw = signed(notification(), cert.privateKey);
    for (let i = 0; i < 40; i += 1) {
      await verify({ ...raw, SigningCertURL: `https://sns.us-east-1.amazonaws.com/cert-${i}.pem` }, opts);
    }
    expect(opts.certificateCache.size).toBe(32);
    expect(opts.certificateCache.has("https://sns.us-east-1.amazonaws.com/cert-39.pem")).toBe(true);
    expect(opts.certificateCache.has("https://sns.us-east-1.amazonaws.com/cert-0.pem")).toBe(false);
  });
});

/** The certificate with its outer length in a needlessly long form (0x82 0x00 0xNN... is not DER). */
function tlvWithLongLength(content: Uint8Array): Buffer {
  const n = content.length;
  return Buffer.concat([Buffer.from([0x30, 0x84, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]), content]);
}

/** A certificate whose notBefore text (a UTCTime) is replaced by another of the same length. */
function replaceNotBefore(text: string): Buffer {
  const fixed = createCertificate({ notBefore: new Date("2024-01-01T00:00:00Z"), keys: cert });
  const copy = Buffer.from(fixed.der);
  const at = copy.indexOf(Buffer.from([0x17, 13, ...Buffer.from("240101000000Z")]));
  expect(at).toBeGreaterThan(0);
  copy.write(text, at + 2, "latin1");
  return copy;
}
