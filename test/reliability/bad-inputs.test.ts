// Bad input is refused before anything is sent: each case gets its typed error, the message
// names the field, and the server (which counts every request) sees nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import {
  type ClientOptions,
  createOnboardingClient,
  createSchemaValidator,
  InvalidRequestError,
  type OnboardingClient,
  type OnboardingError,
  ValidationError,
} from "../../src/index.js";
import { type FaultServer, json, startFaultServer } from "../support/fault-server.js";
import { applicationId, clientEntityId, commentId, consent, refId, rfiId } from "../support/ids.js";

let server: FaultServer;
let circle: OnboardingClient;

beforeAll(async () => {
  server = await startFaultServer();
  circle = createOnboardingClient({ token: "sk_test_bad_inputs", baseUrl: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const business = { clientName: "Acme", country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } } as const;
const pdf = () => new Blob(["%PDF-1.7"], { type: "application/pdf" });
const upload = { file: pdf(), fileName: "passport.pdf", datumName: "passport_document" };
// JavaScript callers can pass anything; these casts stand in for them.
const js = <T>(value: unknown) => value as T;

type Case = [description: string, field: string, call: () => unknown];

const cases: Case[] = [
  // Identifiers
  ["a non-UUID application id", "applicationId", () => circle.applications.get("not-a-uuid")],
  ["an empty application id", "applicationId", () => circle.applications.getData("")],
  ["a numeric application id", "applicationId", () => circle.applications.cancel(js(42))],
  ["a client id one character short", "clientEntityId", () => circle.clients.get(clientEntityId.slice(1))],
  ["a non-UUID document id (download)", "documentId", () => circle.documents.download(applicationId, "passport.pdf")],
  ["a non-UUID document id (delete)", "documentId", () => circle.documents.delete(applicationId, "../etc")],
  ["a non-UUID RFI id", "rfiId", () => circle.rfis.get(applicationId, "rfi-1")],
  ["a non-UUID comment id", "commentId", () => circle.rfis.deleteComment(applicationId, rfiId, "1")],
  ["a non-UUID entity refId", "refId", () => circle.sections.deleteEntity(applicationId, "beneficial_owners", "first")],
  ["a UUID with a stray character", "applicationId", () => circle.rfis.list(`${applicationId}x`)],
  // Section names
  ["an empty section name (get)", "sectionName", () => circle.sections.get(applicationId, "")],
  ["an empty section name (save)", "sectionName", () => circle.sections.save(applicationId, "", {})],
  ["an empty section name (delete entity)", "sectionName", () => circle.sections.deleteEntity(applicationId, "", refId)],
  // Pages
  ["pageSize 0", "pageSize", () => circle.clients.listPage({ pageSize: 0 })],
  ["pageSize 101", "pageSize", () => circle.clients.listPage({ pageSize: 101 })],
  ["a fractional pageSize, caught when the list is created", "pageSize", () => circle.clients.list({ pageSize: 2.5 })],
  ["a non-UUID pageAfter cursor", "pageAfter", () => circle.clients.listPage({ pageAfter: "next" })],
  ["limit 0", "limit", () => circle.applications.listPage({ limit: 0 })],
  ["limit 101, caught when the list is created", "limit", () => circle.applications.list({ limit: 101 })],
  ["an unknown status filter", "status", () => circle.applications.listPage({ status: js("PENDING") })],
  ["a non-UUID starting_after", "starting_after", () => circle.applications.listPage({ starting_after: "last" })],
  // Client creation
  ["a 3-letter country", "country", () => circle.clients.create({ ...business, country: "USA" })],
  ["a 1-letter country", "country", () => circle.clients.create({ ...business, country: "U" })],
  ["an empty client name", "clientName", () => circle.clients.create({ ...business, clientName: "" })],
  ["a client type other than business", "clientType", () => circle.clients.create({ ...business, clientType: js("person") })],
  ["an unknown institution type", "businessDetails.institutionType", () => circle.clients.create({ ...business, businessDetails: { natureOfBusiness: "trust", institutionType: js("llc") } })],
  ["an empty nature of business", "businessDetails.natureOfBusiness", () => circle.clients.create({ ...business, businessDetails: { natureOfBusiness: "", institutionType: "trust" } })],
  ["no business details", "businessDetails", () => circle.clients.create(js({ ...business, businessDetails: undefined }))],
  // Submit
  ["an IP address of 6 characters", "endUserIpAddress", () => circle.applications.submit(applicationId, { ...consent, endUserIpAddress: "1.2.3." })],
  ["an IP address of 40 characters", "endUserIpAddress", () => circle.applications.submit(applicationId, { ...consent, endUserIpAddress: "a".repeat(40) })],
  ["consent set to false", "endUserAgreesToTermsOfService", () => circle.applications.submit(applicationId, js({ ...consent, endUserAgreesToTermsOfService: false }))],
  ["a non-UUID certification id", "certificationIds.1", () => circle.applications.submit(applicationId, { ...consent, certificationIds: [applicationId, "cert-1"] })],
  // RFIs and comments
  ["an empty comment", "content", () => circle.rfis.addComment(applicationId, rfiId, "")],
  ["an empty comment edit", "content", () => circle.rfis.updateComment(applicationId, rfiId, commentId, "")],
  ["an RFI answer without fields", "body", () => circle.rfis.respond(applicationId, rfiId, {})],
  ["a bulk save without sections", "body", () => circle.applications.saveData(applicationId, {})],
  ["a section payload that is a string", "body", () => circle.sections.save(applicationId, "basicBusinessInfo", js("legalName=Acme"))],
  // Uploads
  ["a file of 0 bytes", "file", () => circle.documents.upload(applicationId, { ...upload, file: new Uint8Array(0) })],
  ["an empty stream", "file", () => circle.documents.upload(applicationId, { ...upload, file: new Blob([]).stream() })],
  ["no file at all", "file", () => circle.documents.upload(applicationId, js({ ...upload, file: undefined }))],
  ["a Blob without a file name", "fileName", () => circle.documents.upload(applicationId, js({ file: pdf(), datumName: "passport_document" }))],
  ["an empty datum name", "datumName", () => circle.documents.upload(applicationId, { ...upload, datumName: "" })],
  ["a 3-letter issuing country", "issuedCountry", () => circle.documents.upload(applicationId, { ...upload, issuedCountry: "USA" })],
  ["an unknown document type", "documentType", () => circle.documents.upload(applicationId, { ...upload, documentType: js("selfie") })],
  ["a non-UUID entity refId on an upload", "refId", () => circle.documents.upload(applicationId, { ...upload, refId: "owner-1" })],
  // Per-call options
  ["an idempotency key that is not a UUID", "idempotencyKey", () => circle.applications.submit(applicationId, consent, { idempotencyKey: "retry-1" })],
  ["an idempotency key that is a UUID v1", "idempotencyKey", () => circle.rfis.addComment(applicationId, rfiId, "hi", { idempotencyKey: "6fa459ea-ee8a-11ca-9dc4-000000000000" })],
  ["an idempotency key on a GET", "idempotencyKey", () => circle.applications.get(applicationId, { idempotencyKey: crypto.randomUUID() })],
  ["a timeout of 0", "timeoutMs", () => circle.applications.get(applicationId, { timeoutMs: 0 })],
  ["a negative retry count", "maxRetries", () => circle.applications.get(applicationId, { maxRetries: -1 })],
  ["an Authorization header in per-call headers", "headers.Authorization", () => circle.applications.get(applicationId, { headers: { Authorization: "Bearer other" } })],
  ["a signal that is not an AbortSignal", "signal", () => circle.applications.get(applicationId, { signal: js({ aborted: false }) })],
  // Raw calls
  ["a bad idempotency key on a raw POST", "idempotencyKey", () =>
    circle.raw.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId }, header: { "X-Idempotency-Key": "nope" } },
      body: consent,
    })],
];

/** Calls that fail while the client is built. */
const construction: Case[] = [
  ["an empty token", "token", () => createOnboardingClient({ token: "" })],
  ["a blank token", "token", () => createOnboardingClient({ token: "   " })],
  ["a token with a line break", "token", () => createOnboardingClient({ token: "sk_test\nX-Evil: 1" })],
  ["no token", "token", () => createOnboardingClient(js<ClientOptions>({}))],
  ["a non-https base URL", "baseUrl", () => createOnboardingClient({ token: "t", baseUrl: "http://api.example.com" })],
  ["a base URL that is not a URL", "baseUrl", () => createOnboardingClient({ token: "t", baseUrl: "api.circle.com" })],
  ["a base URL with credentials", "baseUrl", () => createOnboardingClient({ token: "t", baseUrl: "https://user:pw@api.circle.com" })],
  ["an unknown environment", "environment", () => createOnboardingClient({ token: "t", environment: js("staging") })],
  ["a retry count of 11", "maxRetries", () => createOnboardingClient({ token: "t", maxRetries: 11 })],
  ["an infinite timeout", "timeoutMs", () => createOnboardingClient({ token: "t", timeoutMs: Number.POSITIVE_INFINITY })],
  ["an unknown log level", "logLevel", () => createOnboardingClient({ token: "t", logLevel: js("verbose") })],
  ["a negative backoff", "backoff.initialMs", () => createOnboardingClient({ token: "t", backoff: { initialMs: -1 } })],
];

async function failure(call: () => unknown): Promise<OnboardingError | undefined> {
  try {
    await call();
  } catch (error) {
    return error as OnboardingError;
  }
  return undefined;
}

describe("calls", () => {
  it.each(cases)("refuses %s, naming %s", async (_, field, call) => {
    const before = server.requests.length;
    const error = await failure(call);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe(field);
    expect(error!.message.startsWith(`${field}: expected `)).toBe(true);
    expect(server.requests.length).toBe(before);
  });
});

describe("construction", () => {
  it.each(construction)("refuses %s, naming %s", async (_, field, call) => {
    const error = await failure(call);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe(field);
  });

  it("accepts http on loopback hosts only", () => {
    for (const baseUrl of ["http://127.0.0.1:4010", "http://localhost:4010/", "http://[::1]:4010", "https://proxy.internal/circle"]) {
      expect(() => createOnboardingClient({ token: "t", baseUrl })).not.toThrow();
    }
  });

  it("refuses an empty token from a token function at call time, before sending", async () => {
    const before = server.requests.length;
    const lazy = createOnboardingClient({ token: async () => "", baseUrl: server.url });
    const error = await failure(() => lazy.applications.get(applicationId));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe("token");
    expect(server.requests.length).toBe(before);
  });
});

/** Section payloads that break one keyword of the application schema each, refused by the client's validator. */
const sectionCases: [keyword: string, path: string, call: (c: OnboardingClient) => unknown][] = [
  ["required", "basicBusinessInfo.legalName", (c) => c.sections.save(applicationId, "basicBusinessInfo", { natureOfBusiness: "trust" })],
  ["enum", "basicBusinessInfo.natureOfBusiness", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "bank" })],
  ["maxLength", "basicBusinessInfo.legalName", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "x".repeat(201), natureOfBusiness: "trust" })],
  ["minLength", "basicBusinessInfo.legalName", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "", natureOfBusiness: "trust" })],
  ["format", "basicBusinessInfo.incorporationDate", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust", incorporationDate: "15/01/2020" })],
  ["format", "basicBusinessInfo.website", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust", website: "acme dot com" })],
  ["type", "basicBusinessInfo.beneficialOwnersExist", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust", beneficialOwnersExist: "yes" })],
  ["additionalProperties", "basicBusinessInfo.legalname", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust", legalname: "typo" })],
  ["required", "basicBusinessInfo.cryptoExchangeLicenseNumber", (c) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Borealis", natureOfBusiness: "cryptoExchange" })],
  ["pattern", "basicBusinessInfo.registeredAddress.postalCode", (c) =>
    c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust", registeredAddress: { line1: "1 Main St", city: "Austin", country: "US", postalCode: "#!" } })],
  ["minimum", "beneficial_owners.0.ownershipPercentage", (c) => c.sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane", lastName: "Doe", ownershipPercentage: 10 }])],
  ["maximum", "beneficial_owners.1.ownershipPercentage", (c) =>
    c.sections.save(applicationId, "beneficial_owners", [{ firstName: "Jane", lastName: "Doe", ownershipPercentage: 30 }, { firstName: "Joe", lastName: "Roe", ownershipPercentage: 130 }])],
  ["maxItems", "beneficial_owners", (c) =>
    c.sections.save(applicationId, "beneficial_owners", Array.from({ length: 5 }, (_, i) => ({ firstName: `Owner${i}`, lastName: "Doe", ownershipPercentage: 25 })))],
  ["format", "beneficial_owners.0.refId", (c) => c.sections.save(applicationId, "beneficial_owners", [{ refId: "owner-1", firstName: "Jane", lastName: "Doe", ownershipPercentage: 51 }])],
  ["required", "trust_details.trustDeedDate", (c) => c.applications.saveData(applicationId, { trust_details: { trusteeCount: 2 } })],
  ["minimum", "trust_details.trusteeCount", (c) => c.applications.saveData(applicationId, { basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "trust" }, trust_details: { trustDeedDate: "2020-01-01", trusteeCount: 0 } })],
];

describe("section payloads, against the application schema", () => {
  let validated: OnboardingClient;
  beforeAll(async () => {
    const schema = JSON.parse(await readFile(new URL("../../generated/sections/schema.json", import.meta.url), "utf8"));
    validated = createOnboardingClient({ token: "sk_test_bad_inputs", baseUrl: server.url, validator: createSchemaValidator(schema) });
  });

  it.each(sectionCases)("refuses a payload breaking %s at %s", async (keyword, path, call) => {
    const before = server.requests.length;
    const error = await failure(() => call(validated));
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.preflight).toBe(true);
    expect(validation.fieldErrors).toContainEqual(expect.objectContaining({ path, code: keyword }));
    expect(validation.message).toContain(path);
    expect(server.requests.length).toBe(before);
  });

  it("refuses an unknown section name, listing the valid ones", async () => {
    const error = await failure(() => validated.sections.save(applicationId, "basicBusinessInformation", { legalName: "Acme" }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error!.message).toMatch(/basicBusinessInfo, beneficial_owners, trust_details/);
  });

  it("sends a valid payload, and skips the validator when a call says so", async () => {
    server.fallback(json(200, { data: {}, sections: [], sectionsChanged: false, fieldsChanged: false }));
    const before = server.requests.length;
    await validated.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme", natureOfBusiness: "trust" });
    await validated.sections.save(applicationId, "basicBusinessInfo", { legalName: "" }, { validator: false });
    expect(server.requests.length).toBe(before + 2);
  });
});

it("tries at least 40 bad inputs", () => {
  expect(cases.length + construction.length + sectionCases.length + 2).toBeGreaterThanOrEqual(40);
});
