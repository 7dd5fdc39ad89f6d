// circle-onboarding/testing: startMock serves the shipped document for a user's tests, picks
// documented outcomes with `Prefer`, stops cleanly, refuses bad options in one line, and says
// what to install when Prism (an optional peer dependency) is missing.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, createOnboardingClient, DeviceCheckRequiredError, InvalidRequestError } from "../../src/index.js";
import { MockUnavailableError, type RunningMock, shippedDocument, startMock } from "../../src/testing/index.js";
import { startPrism } from "../../src/testing/prism.js";
import { applicationId, consent } from "../support/ids.js";


describe("startMock", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.stop());

  it("serves the shipped document on loopback: the client gets its first example", async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: mock.url });
    await expect(circle.applications.get(applicationId)).resolves.toMatchObject({ applicationId, status: "DRAFT" });
  });

  it("answers a documented outcome asked for with Prefer, such as the device check's 404", async () => {
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: mock.url });
    const error = await circle.applications.submit(applicationId, consent, { headers: { Prefer: "code=404, example=deviceCheckMissing" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCheckRequiredError);
  });

  it("stops, more than once without harm, after which nothing answers", async () => {
    const own = await startMock();
    await own.stop();
    await own.stop();
    const circle = createOnboardingClient({ token: "sk_test", baseUrl: own.url, maxRetries: 0 });
    await expect(circle.applications.get(applicationId)).rejects.toBeInstanceOf(ConnectionError);
  });

  it("rejects with an Error carrying Node's code when the port is taken (Prism's own rejection is a bare string)", async () => {
    const port = Number(new URL(mock.url).port);
    const error = await startMock({ port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "EADDRINUSE", message: `listen EADDRINUSE: address already in use 127.0.0.1:${port}` });
  });

  it("finds the document it ships with", async () => {
    expect(await readFile(shippedDocument(), "utf8")).toMatch(/^openapi: 3\.1\.0\n/);
  });
});

describe("bad options", () => {
  it.each([
    [{ port: -1 }, "port: expected an integer from 0 to 65535"],
    [{ port: 1.5 }, "port: expected an integer from 0 to 65535"],
    [{ document: "/nowhere/openapi.yaml" }, 'document: expected the path of an OpenAPI document, got "/nowhere/openapi.yaml", which does not exist'],
  ])("refuses %j in one line, before loading Prism", async (options, message) => {
    let loaded = 0;
    const error = await startPrism({ mode: "mock" }, options, async () => void loaded++).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect(loaded).toBe(0);
  });
});

describe("without Prism", () => {
  const notInstalled = (name: string) => Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/circle-onboarding/dist/esm/src/testing/prism.js`), { code: "ERR_MODULE_NOT_FOUND" });

  it("says in one line which packages are missing and what to install", async () => {
    const error = await startPrism({ mode: "mock" }, {}, (name) => (name === "@stoplight/prism-http-server" ? import(name) : Promise.reject(notInstalled(name)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockUnavailableError);
    expect((error as MockUnavailableError).missing).toEqual(["@stoplight/prism-http", "@stoplight/prism-core"]);
    expect((error as Error).message).toBe(
      "the mock needs Prism, which is not installed (@stoplight/prism-http, @stoplight/prism-core missing): npm install --save-dev @stoplight/prism-http@5.12.0 @stoplight/prism-http-server@5.12.2 @stoplight/prism-core@5.8.0",
    );
  });

  it("recommends the versions package.json pins and accepts as peers", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as Record<string, Record<string, unknown>>;
    const error = (await startPrism({ mode: "mock" }, {}, (name) => Promise.reject(notInstalled(name))).catch((e: unknown) => e)) as Error;
    const { message } = error;
    for (const name of ["@stoplight/prism-http", "@stoplight/prism-http-server", "@stoplight/prism-core"]) {
      const pinned = pkg.devDependencies![name] as string;
      expect(message).toContain(`${name}@${pinned}`);
      expect(pkg.peerDependencies![name]).toBe(`^${pinned}`);
      expect(pkg.peerDependenciesMeta![name]).toEqual({ optional: true });
    }
  });

  it("passes on a failure that is not a missing package, as it is", async () => {
    const broken = Object.assign(new Error("Cannot find module '/app/node_modules/@stoplight/prism-http/dist/lost.js'"), { code: "ERR_MODULE_NOT_FOUND" });
    const error = await startPrism({ mode: "mock" }, {}, (name) => (name === "@stoplight/prism-http" ? Promise.reject(broken) : import(name))).catch((e: unknown) => e);
    expect(error).toBe(broken);
  });
});
