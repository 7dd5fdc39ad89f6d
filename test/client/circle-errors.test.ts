// Circle's error codes on the wire: the device check's 404 is its own class and is never retried,
// an unknown application stays a plain NotFoundError, unknown codes are kept and shown, and
// per-field errors read in both of Circle's shapes keep the rejected value and the constraint.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  createOnboardingClient,
  DeviceCheckRequiredError,
  ErrorCodes,
  NotFoundError,
  ServerError,
  ValidationError,
} from "../../src/index.js";
import { type FaultServer, json, startFaultServer } from "../support/fault-server.js";
import { applicationId, consent } from "../support/ids.js";

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(() => server.close());

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe("the device check (404, Circle code 181110)", () => {
  it("is a DeviceCheckRequiredError, still a NotFoundError, sent once however many retries are allowed", async () => {
    server.fallback(json(404, { code: 181110, message: "Not found" }, { "x-request-id": "req-device" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url, maxRetries: 5, backoff: { initialMs: 1 } });
    const error = await failure(circle.applications.submit(applicationId, consent));
    expect(error).toBeInstanceOf(DeviceCheckRequiredError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ name: "DeviceCheckRequiredError", status: 404, code: ErrorCodes.DEVICE_CHECK_MISSING, requestId: "req-device" });
    expect((error as Error).message).toBe(
      "404 Not Found: Device check missing; run Circle's device check in the end user's browser, then submit again (code 181110)",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("is told apart from an unknown application (181103), which stays a plain NotFoundError", async () => {
    server.fallback(json(404, { code: 181103, message: "Not found" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    const error = await failure(circle.applications.submit(applicationId, consent));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(DeviceCheckRequiredError);
    expect((error as ApiError).code).toBe(ErrorCodes.UNKNOWN_APPLICATION);
    expect((error as Error).message).toMatch(/^404 Not Found: Unknown application; .* \(code 181103\)$/);
  });

  it("needs the code: a 404 without one, or 181110 under another status, is not the device check", async () => {
    server.script(json(404, { message: "Not found" }), json(409, { code: 181110, message: "Conflict" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    expect(await failure(circle.applications.get(applicationId))).not.toBeInstanceOf(DeviceCheckRequiredError);
    expect(await failure(circle.applications.get(applicationId))).not.toBeInstanceOf(DeviceCheckRequiredError);
  });
});

describe("codes", () => {
  it("keeps a code the document does not know, and shows it on the line", async () => {
    server.fallback(json(409, { code: 181107, message: "Conflict" }));
    const error = (await failure(createOnboardingClient({ token: "t", baseUrl: server.url }).applications.cancel(applicationId))) as ApiError;
    expect(error.code).toBe(181107);
    expect(error.message).toBe("409 Conflict (code 181107)");
  });

  it("retries a -1 by its status, as for any 5xx, and does not spell the -1 out", async () => {
    server.script(json(504, { code: -1, message: "Gateway timeout" }), json(504, { code: -1, message: "Gateway timeout" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url, maxRetries: 1, backoff: { initialMs: 1 } });
    const error = await failure(circle.applications.get(applicationId));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toBe("504 Gateway Timeout (code -1)");
    expect(server.requests).toHaveLength(2);
  });

  it("does not repeat a code that is only the status, nor a message that is only the status's phrase", async () => {
    server.script(json(401, { code: 401, message: "Malformed authorization." }), json(400, { code: -1, message: "Bad request" }));
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    expect((await failure(circle.applications.get(applicationId)) as Error).message).toBe("401 Unauthorized: Malformed authorization.");
    expect((await failure(circle.applications.get(applicationId)) as Error).message).toBe("400 Bad Request (code -1)");
  });
});

describe("per-field errors in both of Circle's shapes", () => {
  it("reads the how-to's {path, code, message} and the general {location, error, message, invalidValue, constraints}", async () => {
    server.fallback(
      json(422, {
        code: -1,
        message: "Unprocessable entity",
        errors: [
          { path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" },
          { location: "beneficial_owners.0.ownershipPercentage", error: "min_value", message: "must be at least 25", invalidValue: 10, constraints: { min: 25 } },
          { location: "basicBusinessInfo.website", error: "invalid_value", message: "not a URL", invalidValue: null },
        ],
      }),
    );
    const circle = createOnboardingClient({ token: "t", baseUrl: server.url });
    const error = (await failure(circle.sections.save(applicationId, "basicBusinessInfo", {}))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual([
      { path: "basicBusinessInfo.legalName", code: "required", message: "legalName is required" },
      { path: "beneficial_owners.0.ownershipPercentage", code: "min_value", message: "must be at least 25", invalidValue: 10, constraints: { min: 25 } },
      // A rejected value of null is still a value the server sent.
      { path: "basicBusinessInfo.website", code: "invalid_value", message: "not a URL", invalidValue: null },
    ]);
    expect(error.message).toBe(
      "422 Unprocessable: basicBusinessInfo.legalName required, beneficial_owners.0.ownershipPercentage min_value, basicBusinessInfo.website invalid_value (code -1)",
    );
    expect(JSON.parse(JSON.stringify(error)).fieldErrors[1]).toEqual({ path: "beneficial_owners.0.ownershipPercentage", code: "min_value", message: "must be at least 25", invalidValue: 10, constraints: { min: 25 } });
  });
});
