// Every operation of openapi/ is servable by Prism: its success example comes back as
// documented, and so does every documented error example when asked for with `Prefer`.
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { paths } from "../../generated/openapi.js";
import type { OperationId } from "../../src/types.js";
import { applicationId, clientEntityId, commentId, documentId, newKey, refId, rfiId } from "../support/ids.js";
import { type DocumentedExample, documentedExamples } from "../support/prism-operations.js";

type Client = ReturnType<typeof createClient<paths>>;
type Init = { headers: Record<string, string>; parseAs?: "json" | "text" };
type Call = (client: Client, init: Init) => Promise<{ response: Response; data?: unknown; error?: unknown }>;

const app = { applicationId };
const idempotent = () => ({ "X-Idempotency-Key": newKey() });

function uploadForm(body: { datumName: string; fileName: string; fileContent: string; documentType?: string }): FormData {
  const form = new FormData();
  form.append("datumName", body.datumName);
  form.append("fileName", body.fileName);
  if (body.documentType) form.append("documentType", body.documentType);
  form.append("fileContent", new Blob([body.fileContent], { type: "application/pdf" }), body.fileName);
  return form;
}

// A typed call per operation; the Record type makes a missing operation a compile error.
const calls: Record<OperationId, Call> = {
  createPartnerClient: (c, init) =>
    c.POST("/v1/partner/clients", {
      ...init,
      params: { header: idempotent() },
      body: {
        clientName: "Acme Trust Co.",
        country: "US",
        clientType: "business",
        businessDetails: { natureOfBusiness: "trust", institutionType: "trust" },
      },
    }),
  listPartnerClients: (c, init) => c.GET("/v1/partner/clients", { ...init, params: { query: { pageSize: 2 } } }),
  getPartnerClient: (c, init) => c.GET("/v1/partner/clients/{clientEntityId}", { ...init, params: { path: { clientEntityId } } }),
  listApplications: (c, init) =>
    c.GET("/v1/onboarding/partner/applications", { ...init, params: { query: { limit: 10, status: "DRAFT" } } }),
  getApplication: (c, init) => c.GET("/v1/onboarding/partner/applications/{applicationId}", { ...init, params: { path: app } }),
  cancelApplication: (c, init) =>
    c.DELETE("/v1/onboarding/partner/applications/{applicationId}", { ...init, params: { path: app } }),
  getApplicationSchema: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/schema", {
      ...init,
      params: { path: app, query: { resolved: false } },
    }),
  submitApplication: (c, init) =>
    c.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      ...init,
      params: { path: app, header: idempotent() },
      body: { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" },
    }),
  listCertifications: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/certifications", { ...init, params: { path: app } }),
  getApplicationData: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/data", { ...init, params: { path: app } }),
  saveApplicationData: (c, init) =>
    c.PATCH("/v1/onboarding/partner/applications/{applicationId}/data", {
      ...init,
      params: { path: app },
      body: { basicBusinessInfo: { legalName: "Acme Trust Co.", natureOfBusiness: "trust" } },
    }),
  listSections: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/sections", {
      ...init,
      params: { path: app, query: { includeData: true } },
    }),
  getSection: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}", {
      ...init,
      params: { path: { applicationId, sectionName: "basicBusinessInfo" } },
    }),
  saveSection: (c, init) =>
    c.PUT("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}", {
      ...init,
      params: { path: { applicationId, sectionName: "beneficial_owners" } },
      body: [{ firstName: "Jane", lastName: "Doe", ownershipPercentage: 51 }],
    }),
  deleteSectionEntity: (c, init) =>
    c.DELETE("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}/{refId}", {
      ...init,
      params: { path: { applicationId, sectionName: "beneficial_owners", refId } },
    }),
  uploadDocument: (c, init) =>
    c.POST("/v1/onboarding/partner/applications/{applicationId}/documents", {
      ...init,
      params: { path: app, header: idempotent() },
      body: { datumName: "passport_document", fileName: "passport.pdf", fileContent: "%PDF-1.7", documentType: "passport" },
      bodySerializer: uploadForm,
    }),
  listDocuments: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/documents", { ...init, params: { path: app } }),
  downloadDocument: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/documents/{documentId}", {
      ...init,
      params: { path: { applicationId, documentId } },
    }),
  deleteDocument: (c, init) =>
    c.DELETE("/v1/onboarding/partner/applications/{applicationId}/documents/{documentId}", {
      ...init,
      params: { path: { applicationId, documentId } },
    }),
  listRFIBundles: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/rfis", { ...init, params: { path: app } }),
  getRFI: (c, init) =>
    c.GET("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}", {
      ...init,
      params: { path: { applicationId, rfiId } },
    }),
  updateRFIData: (c, init) =>
    c.PATCH("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}", {
      ...init,
      params: { path: { applicationId, rfiId } },
      body: { legalName: "Acme Trust Company LLC" },
    }),
  addRFIComment: (c, init) =>
    c.POST("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments", {
      ...init,
      params: { path: { applicationId, rfiId }, header: idempotent() },
      body: { content: "Is a certified copy acceptable?" },
    }),
  updateRFIComment: (c, init) =>
    c.PUT("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments/{commentId}", {
      ...init,
      params: { path: { applicationId, rfiId, commentId } },
      body: { content: "Is a notarised copy acceptable?" },
    }),
  deleteRFIComment: (c, init) =>
    c.DELETE("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments/{commentId}", {
      ...init,
      params: { path: { applicationId, rfiId, commentId } },
    }),
};

const examples = await documentedExamples();
let client: Client;

beforeAll(() => {
  client = createClient<paths>({ baseUrl: inject("prismUrl"), headers: { Authorization: "Bearer test-token" } });
});

function prefer(example: DocumentedExample): string {
  return example.name ? `code=${example.status}, example=${example.name}` : `code=${example.status}`;
}

it("covers every operation of the document, and only those", () => {
  expect(Object.keys(calls).sort()).toEqual([...examples.keys()].sort());
  expect(examples.size).toBe(25);
});

describe.each(Object.keys(calls) as (OperationId)[])("%s", (operationId) => {
  const documented = examples.get(operationId) ?? [];
  const success = documented.filter((e) => e.status < 300);

  it("answers its first success example when nothing is asked for", async () => {
    const first = success[0]!;
    const parseAs = first.mediaType === "application/octet-stream" ? "text" : "json";
    const result = await calls[operationId](client, { headers: {}, parseAs });
    expect(result.response.status).toBe(first.status);
    expect(result.response.headers.get("sl-violations")).toBeNull();
    expect(result.data).toEqual(first.value);
  });

  it.each(documented.map((e) => [prefer(e), e] as const))("serves %s", async (_, example) => {
    const parseAs = example.mediaType === "application/octet-stream" ? "text" : "json";
    const result = await calls[operationId](client, { headers: { Prefer: prefer(example) }, parseAs });
    expect(result.response.status).toBe(example.status);
    // Prism validates its own answer against the schema and reports any mismatch here.
    expect(result.response.headers.get("sl-violations")).toBeNull();
    expect(example.status < 300 ? result.data : result.error).toEqual(example.value);
  });
});
