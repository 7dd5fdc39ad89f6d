// RFIs: read them, answer them with field data, and comment on them.
import type { RequestOptions } from "../options.js";
import type { Requester } from "../request.js";
import type { Comment, RfiAnswerResult, RfiBundleList, RfiDetail } from "../types.js";

/** `circle.rfis`: requests for information raised during review. */
export class RfisResource {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** The application's RFI bundles with their RFIs. */
  list(applicationId: string, options?: RequestOptions): Promise<RfiBundleList> {
    const args = { path: { applicationId } };
    return this.#requester.send("listRFIBundles", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/rfis", { ...init, params: args }),
    );
  }

  /** One RFI with its comments. */
  get(applicationId: string, rfiId: string, options?: RequestOptions): Promise<RfiDetail> {
    const args = { path: { applicationId, rfiId } };
    return this.#requester.send("getRFI", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}", { ...init, params: args }),
    );
  }

  /** Answers an `UPDATE_FIELD` or `NEW_FIELD` RFI with field data keyed by field name. */
  respond(applicationId: string, rfiId: string, data: Record<string, unknown>, options?: RequestOptions): Promise<RfiAnswerResult> {
    const args = { path: { applicationId, rfiId }, body: data };
    return this.#requester.send("updateRFIData", args, options, (init) =>
      this.#requester.client.PATCH("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}", {
        ...init,
        params: { path: args.path },
        body: data,
      }),
    );
  }

  /** Adds a comment to an RFI. */
  addComment(applicationId: string, rfiId: string, content: string, options?: RequestOptions): Promise<Comment> {
    const args = { path: { applicationId, rfiId }, body: { content } };
    return this.#requester.post("addRFIComment", args, options, (init) =>
      this.#requester.client.POST("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments", {
        ...init,
        params: { path: args.path, header: { "X-Idempotency-Key": init.idempotencyKey } },
        body: args.body,
      }),
    );
  }

  /** Replaces a comment's text. */
  updateComment(applicationId: string, rfiId: string, commentId: string, content: string, options?: RequestOptions): Promise<Comment> {
    const args = { path: { applicationId, rfiId, commentId }, body: { content } };
    return this.#requester.send("updateRFIComment", args, options, (init) =>
      this.#requester.client.PUT("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments/{commentId}", {
        ...init,
        params: { path: args.path },
        body: args.body,
      }),
    );
  }

  /** Deletes a comment. */
  async deleteComment(applicationId: string, rfiId: string, commentId: string, options?: RequestOptions): Promise<void> {
    const args = { path: { applicationId, rfiId, commentId } };
    await this.#requester.send("deleteRFIComment", args, options, (init) =>
      this.#requester.client.DELETE("/v1/onboarding/partner/applications/{applicationId}/rfis/{rfiId}/comments/{commentId}", {
        ...init,
        params: args,
      }),
    );
  }
}
