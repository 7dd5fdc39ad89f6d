// Every resource method against the Prism mock: the documented success example comes back
// unwrapped and typed, and each documented error example comes back as its error class.
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { OperationId } from "../../src/types.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createOnboardingClient,
  DeviceCheckRequiredError,
  ErrorCodes,
  NotFoundError,
  type OnboardingClient,
  RateLimitError,
  type RequestOptions,
  ServerError,
  ValidationError,
} from "../../src/index.js";
import { applicationId, clientEntityId, commentId, documentId, refId, rfiId } from "../support/ids.js";
import { documentedExamples } from "../support/prism-operations.js";

type Method = (circle: OnboardingClient, options: RequestOptions) => Promise<unknown>;

const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Each public method, the operation it calls, and how its result relates to the documented body. */
const methods: [name: string, operationId: OperationId, call: Method, fromExample: (body: any) => unknown][] = [
  [
    "clients.create",
    "createPartnerClient",
    (c, o) => c.clients.create({ clientName: "Acme Trust Co.", country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } }, o),
    (b) => b.data,
  ],
  ["clients.get", "getPartnerClient", (c, o) => c.clients.get(clientEntityId, o), (b) => b.data],
  ["clients.listPage", "listPartnerClients", (c, o) => c.clients.listPage({ pageSize: 2 }, o).then((p) => p.items), (b) => b.data],
  ["applications.listPage", "listApplications", (c, o) => c.applications.listPage({ limit: 5 }, o).then((p) => p.items), (b) => b.applications],
  ["applications.get", "getApplication", (c, o) => c.applications.get(applicationId, o), (b) => b],
  ["applications.cancel", "cancelApplication", (c, o) => c.applications.cancel(applicationId, o), (b) => b],
  ["applications.schema", "getApplicationSchema", (c, o) => c.applications.schema(applicationId, { resolved: true }, o), (b) => b],
  [
    "applications.submit",
    "submitApplication",
    (c, o) => c.applications.submit(applicationId, { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" }, o),
    (b) => b,
  ],
  ["applications.certifications", "listCertifications", (c, o) => c.applications.certifications(applicationId, o), (b) => b],
  ["applications.getData", "getApplicationData", (c, o) => c.applications.getData(applicationId, o), (b) => b],
  ["applications.saveData", "saveApplicationData", (c, o) => c.applications.saveData(applicationId, { basicBusinessInfo: { legalName: "Acme" } }, o), (b) => b],
  ["sections.list", "listSections", (c, o) => c.sections.list(applicationId, { includeData: true }, o), (b) => b],
  ["sections.get", "getSection", (c, o) => c.sections.get(applicationId, "basicBusinessInfo", o), (b) => b],
  ["sections.save", "saveSection", (c, o) => c.sections.save(applicationId, "basicBusinessInfo", { legalName: "Acme" }, o), (b) => b],
  ["sections.deleteEntity", "deleteSectionEntity", (c, o) => c.sections.deleteEntity(applicationId, "beneficial_owners", refId, o), (b) => b],
  [
    "documents.upload",
    "uploadDocument",
    (c, o) => c.documents.upload(applicationId, { file: new Blob(["%PDF-1.7"], { type: "application/pdf" }), fileName: "passport.pdf", datumName: "passport_document", documentType: "passport", issuedCountry: "US", refId }, o),
    (b) => b,
  ],
  ["documents.list", "listDocuments", (c, o) => c.documents.list(applicationId, o), (b) => b],
  ["documents.download", "downloadDocument", (c, o) => c.documents.download(applicationId, documentId, o).then((f) => f.text()), (b) => b],
  ["documents.delete", "deleteDocument", (c, o) => c.documents.delete(applicationId, documentId, o), () => undefined],
  ["rfis.list", "listRFIBundles", (c, o) => c.rfis.list(applicationId, o), (b) => b],
  ["rfis.get", "getRFI", (c, o) => c.rfis.get(applicationId, rfiId, o), (b) => b],
  ["rfis.respond", "updateRFIData", (c, o) => c.rfis.respond(applicationId, rfiId, { legalName: "Acme Trust Company LLC" }, o), (b) => b],
  ["rfis.addComment", "addRFIComment", (c, o) => c.rfis.addComment(applicationId, rfiId, "Is a certified copy acceptable?", o), (b) => b],
  ["rfis.updateComment", "updateRFIComment", (c, o) => c.rfis.updateComment(applicationId, rfiId, commentId, "Is a notarised copy acceptable?", o), (b) => b],
  ["rfis.deleteComment", "deleteRFIComment", (c, o) => c.rfis.deleteComment(applicationId, rfiId, commentId, o), () => undefined],
];

const classes: Record<number, new (...args: never[]) => ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
  500: ServerError,
  503: ServerError,
};

const examples = await documentedExamples();
let circle: OnboardingClient;

beforeAll(() => {
  // No retries: a mock answering 503 on request would otherwise be asked three times.
  circle = createOnboardingClient({ token: "sk_test_resources", baseUrl: inject("prismUrl"), maxRetries: 0 });
});

it("has a method for every operation of the document", () => {
  expect(new Set(methods.map(([, op]) => op))).toEqual(new Set(examples.keys()));
});

describe.each(methods)("%s", (_name, operationId, call, fromExample) => {
  const documented = examples.get(operationId)!;

  it.each(documented.filter((e) => e.status < 300).map((e) => [e.name || String(e.status), e] as const))(
    "returns the %s example, unwrapped",
    async (_, example) => {
      const headers = { Prefer: example.name ? `code=${example.status}, example=${example.name}` : `code=${example.status}` };
      expect(await call(circle, { headers })).toEqual(fromExample(example.value));
    },
  );

  it.each(documented.filter((e) => e.status >= 400).map((e) => [`${e.status} ${e.name}`, e] as const))("throws the typed error for %s", async (_, example) => {
    const error = await call(circle, { headers: { Prefer: `code=${example.status}, example=${example.name}` } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const body = example.value as { code: number; message: string; errors?: Record<string, unknown>[] };
    // Circle tells its two 404s apart by code: a missing device check has its own class.
    expect(error).toBeInstanceOf(body.code === ErrorCodes.DEVICE_CHECK_MISSING ? DeviceCheckRequiredError : classes[example.status]);
    expect(error instanceof DeviceCheckRequiredError).toBe(body.code === 181110);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(example.status);
    expect(apiError.code).toBe(body.code);
    expect(apiError.body).toEqual(body);
    expect(apiError.requestId).toBe("4b0c8a53-6c1b-4d43-9a3e-0f0b7bb8c2de");
    expect(apiError.message).not.toContain("\n");
    expect(apiError.message).toMatch(new RegExp(`^${example.status} [A-Za-z ]+`));
    // Circle's code shows on the line unless it only repeats the status; so does the field summary,
    // or else a message that says more than the status's phrase.
    if (body.code !== example.status) expect(apiError.message.endsWith(` (code ${body.code})`)).toBe(true);
    const fields = (body.errors ?? []).map((e) => `${e.path ?? e.location} ${e.code ?? e.error}`).join(", ");
    if (fields) expect(apiError.message).toContain(`: ${fields}`);
    else if (body.message === "Malformed authorization.") expect(apiError.message).toBe("401 Unauthorized: Malformed authorization.");
    if (error instanceof ValidationError) {
      expect(error.fieldErrors.map((f) => f.path)).toEqual(body.errors?.map((e) => e.path ?? e.location) ?? []);
      // Circle's general format keeps the rejected value and the constraint.
      expect(error.fieldErrors.map((f) => f.invalidValue)).toEqual(body.errors?.map((e) => e.invalidValue) ?? []);
      expect(error.fieldErrors.map((f) => f.constraints)).toEqual(body.errors?.map((e) => e.constraints) ?? []);
    }
    if (error instanceof RateLimitError) expect(error.retryAfterMs).toBe(2000);
  });
});

describe("pagination on the mock", () => {
  it("iterates applications until hasMore is false", async () => {
    const all = await collect(circle.applications.list({}, { headers: { Prefer: "example=lastPage" } }));
    expect(all.map((a) => a.applicationId)).toEqual(["550e8400-e29b-41d4-a716-446655440010"]);
  });

  it("stops with an error when the mock repeats a page and its cursor", async () => {
    await expect(collect(circle.clients.list({ pageSize: 2 }))).rejects.toThrow(/cursor .* repeated/);
  });
});
