// Narrowing an openapi-fetch result by HTTP status: `error` becomes the documented body of
// that status, which openapi-fetch's union of every error body cannot give.
import type { operations } from "../generated/openapi.js";
import { documentedStatuses } from "../generated/statuses.js";
import type { OperationId } from "./types.js";

type JsonBody<R> = R extends { content: infer C } ? (C extends Record<string, unknown> ? C[keyof C] : undefined) : undefined;

/** An operation's outcomes as `{status, body}` pairs, one per documented status. */
export type ResponseByStatus<Op extends OperationId> =
  | {
      [S in keyof operations[Op]["responses"]]: { status: S; body: JsonBody<operations[Op]["responses"][S]>; response: Response };
    }[keyof operations[Op]["responses"]]
  | { status: "undocumented"; httpStatus: number; body: unknown; response: Response };

/**
 * Pairs a `circle.raw` result with its status so a `switch (r.status)` narrows `body` to the
 * documented body of that status. A status the document does not list comes back as `"undocumented"`.
 */
export function byStatus<Op extends OperationId>(
  documented: Op,
  result: { data?: unknown; error?: unknown; response: Response },
): ResponseByStatus<Op> {
  const { status } = result.response;
  const body = result.response.ok ? result.data : result.error;
  return (documentedStatuses[documented].includes(status) ? { status, body, response: result.response } : { status: "undocumented", httpStatus: status, body, response: result.response }) as ResponseByStatus<Op>;
}

