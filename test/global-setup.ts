// Starts one in-process Prism mock of openapi/ for the whole run, with the shipped startMock, and
// hands its URL to tests.
import type { TestProject } from "vitest/node";
import { startMock } from "../src/testing/index.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock();
  project.provide("prismUrl", mock.url);
  return () => mock.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock of openapi/partner-onboarding.yaml. */
    prismUrl: string;
  }
}
