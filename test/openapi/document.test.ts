// The OpenAPI document itself: lint-clean, complete, and in step with the generated path types.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { documentUrl, renderPathTypes } from "../../scripts/generate-paths.js";
import { staleOutputs } from "../../scripts/lib/outputs.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url);
const methods = ["get", "put", "post", "patch", "delete"] as const;

interface Operation {
  operationId: string;
  tags: string[];
  parameters?: { $ref?: string; name?: string; in?: string }[];
  responses: Record<string, unknown>;
  security?: unknown[];
}
const document = parse(await readFile(documentUrl, "utf8"));
const operations: [string, string, Operation][] = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
  ([path, item]) => methods.filter((m) => item[m]).map((m) => [m, path, item[m]!] as [string, string, Operation]),
);

it("passes Redocly's lint with every rule as an error", async () => {
  const cli = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
  const args = [cli, "lint", "--config", "redocly.yaml", "--format", "stylish", "openapi/partner-onboarding.yaml"];
  // A finding makes the linter exit non-zero, which rejects with its report in the message.
  const { stdout, stderr } = await run(process.execPath, args, { cwd: root });
  expect(stdout + stderr).toMatch(/Your API description is valid/);
  expect(stdout + stderr).not.toMatch(/\d+ (errors?|warnings?)\b/);
});

it("has the committed path types in step (npm run generate -- --check)", async () => {
  expect(await staleOutputs(await renderPathTypes())).toEqual([]);
});

describe("structure", () => {
  it("declares the 2020-12 dialect, without which Prism validates with draft-07 rules", () => {
    expect(document.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("has the 25 operations with unique camelCase operationIds and the API's tags", () => {
    expect(operations).toHaveLength(25);
    const ids = operations.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(25);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    const tags = new Set(operations.flatMap(([, , op]) => op.tags));
    expect([...tags].sort()).toEqual(["Partner Applications", "Partner Clients", "Partner Documents", "Partner RFIs", "Partner Sections"]);
  });

  it("lists production and sandbox servers and requires bearer auth everywhere", () => {
    expect(document.servers).toEqual([
      { url: "https://api.circle.com", description: "Production" },
      { url: "https://api-sandbox.circle.com", description: "Sandbox" },
    ]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const [, , op] of operations) expect(op.security).toBeUndefined();
  });

  it("requires X-Idempotency-Key on every POST and on nothing else", () => {
    for (const [method, path, op] of operations) {
      const hasKey = (op.parameters ?? []).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
      expect(hasKey, `${method.toUpperCase()} ${path}`).toBe(method === "post");
    }
    expect(document.components.parameters.IdempotencyKey).toMatchObject({ in: "header", required: true, schema: { format: "uuid" } });
  });

  it("documents 401, 429, 500 and 503 on every operation, and 404 wherever a path names a record", () => {
    for (const [method, path, op] of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["400", "401", "429", "500", "503"]));
      if (path.includes("{")) expect(statuses, `${method} ${path}`).toContain("404");
    }
  });
});

describe("error bodies, as Circle's error-code page shapes them", () => {
  const errorResponses = Object.entries(document.components.responses as Record<string, { content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, { value: { code: number; message: string } }> }> }>)
    .filter(([, r]) => r.content?.["application/json"]?.schema?.$ref === "#/components/schemas/Error")
    .flatMap(([name, r]) => Object.entries(r.content!["application/json"]!.examples ?? {}).map(([example, { value }]) => [`${name}.${example}`, value] as const));

  it.each(errorResponses)("%s: Circle's code (181100–181111, or -1) and the status's generic phrase", (_, body) => {
    // The one exception is the only body Circle's reference shows for this API, kept as it is.
    if (body.message === "Malformed authorization.") return expect(body.code).toBe(401);
    expect(body.code === -1 || (body.code >= 181100 && body.code <= 181111)).toBe(true);
    expect(body.message).toMatch(/^(Bad request|Unauthorized|Not found|Conflict|Unprocessable entity|Too many requests|Internal server error|Service unavailable)$/);
  });

  it("names the device check's 404 on submit, told apart from an unknown application by its code", () => {
    const submit404 = document.components.responses.SubmitNotFound.content["application/json"].examples;
    expect(submit404.deviceCheckMissing.value).toEqual({ code: 181110, message: "Not found" });
    expect(submit404.unknownApplication.value).toEqual({ code: 181103, message: "Not found" });
    expect(document.paths["/v1/onboarding/partner/applications/{applicationId}/submit"].post.responses["404"].$ref).toBe("#/components/responses/SubmitNotFound");
  });
});

