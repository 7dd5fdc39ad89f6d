// Starts one in-process Prism mock of openapi/ for the whole run and hands its URL to tests.
import type { TestProject } from "vitest/node";
import { startPrism } from "../scripts/lib/prism.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock of openapi/partner-onboarding.yaml. */
    prismUrl: string;
  }
}
