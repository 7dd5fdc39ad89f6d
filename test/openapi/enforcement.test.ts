// Prism enforces the document's rules: these requests break one rule each and are refused.
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { paths } from "../../generated/openapi.js";
import { applicationId, newKey, rfiId } from "../support/ids.js";

let base: string;
let client: ReturnType<typeof createClient<paths>>;

beforeAll(() => {
  base = inject("prismUrl");
  client = createClient<paths>({ baseUrl: base, headers: { Authorization: "Bearer test-token" } });
});

/** The rule Prism reports as broken, from its `sl-violations` header. */
function violations(response: Response): { code: string | number; message: string; location?: string[] }[] {
  return JSON.parse(response.headers.get("sl-violations") ?? "[]");
}

const submitBody = { endUserAgreesToTermsOfService: true, endUserIpAddress: "203.0.113.7" } as const;
const submitPath = `/v1/onboarding/partner/applications/${applicationId}/submit`;

describe("idempotency key", () => {
  it("is required on every POST", async () => {
    const response = await fetch(base + submitPath, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
      body: JSON.stringify(submitBody),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/x-idempotency-key/i);
  });

  it("must be a UUID v4", async () => {
    const v1 = "6fa459ea-ee8a-11ca-9dc4-000000000000";
    const { response } = await client.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId }, header: { "X-Idempotency-Key": v1 } },
      body: submitBody,
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/x-idempotency-key.*pattern/i);
  });

  it("is accepted as a UUID v4", async () => {
    const { response } = await client.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId }, header: { "X-Idempotency-Key": newKey() } },
      body: submitBody,
    });
    expect(response.status).toBe(200);
  });
});

describe("bearer authentication", () => {
  it.each([
    ["no Authorization header", {}],
    ["a Basic credential", { Authorization: "Basic dXNlcjpwYXNz" }],
  ])("refuses %s with 401", async (_, headers: Record<string, string>) => {
    const response = await fetch(`${base}/v1/onboarding/partner/applications/${applicationId}`, { headers });
    expect(response.status).toBe(401);
  });
});

describe("request validation", () => {
  it("refuses a body that breaks a constraint, naming the field", async () => {
    const { response } = await client.POST("/v1/partner/clients", {
      params: { header: { "X-Idempotency-Key": newKey() } },
      body: {
        clientName: "Acme",
        country: "USA",
        clientType: "business",
        businessDetails: { natureOfBusiness: "trust", institutionType: "trust" },
      },
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/country.*2 characters/);
  });

  it("refuses a submit without the end user's consent", async () => {
    const { response } = await client.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId }, header: { "X-Idempotency-Key": newKey() } },
      // @ts-expect-error the document types consent as the literal `true`
      body: { endUserAgreesToTermsOfService: false, endUserIpAddress: "203.0.113.7" },
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/endUserAgreesToTermsOfService/);
  });

  it("refuses an IP address shorter than 7 characters", async () => {
    const { response } = await client.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
      params: { path: { applicationId }, header: { "X-Idempotency-Key": newKey() } },
      body: { endUserAgreesToTermsOfService: true, endUserIpAddress: "1.2.3" },
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/endUserIpAddress/);
  });

  it("refuses an empty comment", async () => {
    const { response } = await client.POST("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments", {
      params: { path: { applicationId, rfiId }, header: { "X-Idempotency-Key": newKey() } },
      body: { content: "" },
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/content/);
  });

  it("refuses a page size above 100 with 400", async () => {
    const { response } = await client.GET("/v1/partner/clients", { params: { query: { pageSize: 101 } } });
    expect(response.status).toBe(400);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/pagesize/i);
  });

  it("refuses a path id that is not a UUID with 400", async () => {
    const { response } = await client.GET("/v1/onboarding/partner/applications/{applicationId}", {
      params: { path: { applicationId: "not-a-uuid" } },
    });
    expect(response.status).toBe(400);
  });

  it("refuses an upload without its file", async () => {
    const form = new FormData();
    form.append("datumName", "passport_document");
    form.append("fileName", "passport.pdf");
    const response = await fetch(`${base}/v1/onboarding/partner/applications/${applicationId}/documents`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", "X-Idempotency-Key": newKey() },
      body: form,
    });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message).join("\n")).toMatch(/fileContent/);
  });
});

describe("response headers the client relies on", () => {
  it("carries the next page's cursor in Link on the clients list", async () => {
    const { response } = await client.GET("/v1/partner/clients", {});
    expect(response.headers.get("link")).toMatch(/<[^>]*[?&]pageAfter=[0-9a-f-]{36}[^>]*>;\s*rel="next"/);
  });

  it("carries Retry-After on 429", async () => {
    const { response } = await client.GET("/v1/partner/clients", { headers: { Prefer: "code=429" } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
  });
});
