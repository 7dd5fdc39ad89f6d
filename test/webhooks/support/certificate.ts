// Self-signed X.509 certificates built in the test: a minimal DER encoder, signed with node:crypto.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";

/** A DER element: tag, minimal length, content. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  let length: number[];
  if (n < 0x80) length = [n];
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    length = [0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));
const nullValue = (): Buffer => tlv(0x05, Buffer.alloc(0));
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, "utf8"));

function integer(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  // A set high bit would read as negative.
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift(0x80 | (v & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2024-01-31T12:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

const name = (commonName: string): Buffer => sequence(set(sequence(oid("2.5.4.3"), utf8(commonName))));

/** A key pair and a self-signed certificate for its public key. */
export interface TestCertificate {
  pem: string;
  der: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Options of {@link createCertificate}. */
export interface CertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Omit the `[0]` version field, as a v1 certificate does. */
  v1?: boolean;
  /** Use an EC key instead of RSA. */
  ec?: boolean;
  /** Reuse a key pair. */
  keys?: { privateKey: KeyObject; publicKey: KeyObject };
}

const DAY = 86_400_000;

/** A self-signed certificate (SHA-256 with RSA, or ECDSA with `ec`), valid around now by default. */
export function createCertificate(options: CertificateOptions = {}): TestCertificate {
  const keys =
    options.keys ??
    (options.ec ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 }));
  const algorithm = options.ec ? sequence(oid("1.2.840.10045.4.3.2")) : sequence(oid("1.2.840.113549.1.1.11"), nullValue());
  const subject = name("sns.test.invalid");
  const tbs = sequence(
    ...(options.v1 ? [] : [tlv(0xa0, integer(2n))]),
    integer(BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex")}`)),
    algorithm,
    subject,
    sequence(time(options.notBefore ?? new Date(Date.now() - DAY)), time(options.notAfter ?? new Date(Date.now() + 30 * DAY))),
    subject,
    keys.publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, keys.privateKey);
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { pem: toPem(der), der, privateKey: keys.privateKey, publicKey: keys.publicKey };
}

/** DER as a PEM CERTIFICATE block, 64 characters a line. */
export function toPem(der: Uint8Array): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
