// The real process behind the CLI's `io`: standard streams, environment, working directory, and
// the live schema fetch.
import { createOnboardingClient } from "../client.js";
import type { CommandIo, FetchLiveSchema } from "./schema-source.js";

/** The live fetch of `GET /v1/onboarding/partner/applications/{id}/schema`, through the client (retries, typed errors). */
export const liveSchemaFetcher: FetchLiveSchema = ({ applicationId, token, environment, baseUrl }) =>
  createOnboardingClient({ token, environment, ...(baseUrl === undefined ? {} : { baseUrl }) }).applications.schema(applicationId);

/** `io` for the running process. */
export function processIo(fetchLiveSchema: FetchLiveSchema | undefined = liveSchemaFetcher): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    fetchLiveSchema,
  };
}
