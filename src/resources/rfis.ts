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
    return this.#requester.call("listRFIBundles", { path: { applicationId } }, options);
  }

  /** One RFI with its comments. */
  get(applicationId: string, rfiId: string, options?: RequestOptions): Promise<RfiDetail> {
    return this.#requester.call("getRFI", { path: { applicationId, rfiId } }, options);
  }

  /** Answers an `UPDATE_FIELD` or `NEW_FIELD` RFI with field data keyed by field name. */
  respond(applicationId: string, rfiId: string, data: Record<string, unknown>, options?: RequestOptions): Promise<RfiAnswerResult> {
    return this.#requester.call("updateRFIData", { path: { applicationId, rfiId }, body: data }, options);
  }

  /** Adds a comment to an RFI. */
  addComment(applicationId: string, rfiId: string, content: string, options?: RequestOptions): Promise<Comment> {
    return this.#requester.call("addRFIComment", { path: { applicationId, rfiId }, body: { content } }, options);
  }

  /** Replaces a comment's text. */
  updateComment(applicationId: string, rfiId: string, commentId: string, content: string, options?: RequestOptions): Promise<Comment> {
    return this.#requester.call("updateRFIComment", { path: { applicationId, rfiId, commentId }, body: { content } }, options);
  }

  /** Deletes a comment. */
  deleteComment(applicationId: string, rfiId: string, commentId: string, options?: RequestOptions): Promise<void> {
    return this.#requester.call("deleteRFIComment", { path: { applicationId, rfiId, commentId } }, options);
  }
}
