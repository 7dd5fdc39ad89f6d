// Applications: read, list, cancel, submit, and the whole-application schema and data.
import type { operations } from "../../generated/openapi.js";
import { InvalidResponseError } from "../errors.js";
import type { RequestOptions } from "../options.js";
import { type Page, Paginator } from "../pagination.js";
import type { BodyOf, Requester, SaveOptions } from "../request.js";
import type { Application, ApplicationData, ApplicationSchema, Certification, SaveResult, SubmitParams, SubmitResult } from "../types.js";
import type { SectionNameOf } from "./sections.js";

/** Query of the applications list: `status`, `limit` (1–100, default 25), `starting_after`. */
export type ListApplicationsQuery = NonNullable<operations["listApplications"]["parameters"]["query"]>;

/** `circle.applications`: onboarding applications. `S` maps section names to payload types. */
export class ApplicationsResource<S extends object> {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** One page of applications with the cursor of the next. */
  async listPage(query: ListApplicationsQuery = {}, options?: RequestOptions): Promise<Page<Application>> {
    const body = await this.#requester.call("listApplications", { query }, options);
    const nextCursor = body.hasMore ? (body.nextCursor ?? body.applications.at(-1)?.applicationId) : undefined;
    if (body.hasMore && nextCursor === undefined) {
      throw new InvalidResponseError("listApplications: hasMore is true but the page gives no cursor", {
        status: 200,
        headers: new Headers(),
        request: { method: "GET", url: "/v1/onboarding/partner/applications" },
      });
    }
    return { items: body.applications, nextCursor };
  }

  /** Every application across pages, as an async iterable. Arguments are checked at once. */
  list(query: ListApplicationsQuery = {}, options?: RequestOptions): Paginator<Application> {
    this.#requester.check("listApplications", { query }, options);
    return new Paginator((cursor) => this.listPage(cursor === undefined ? query : { ...query, starting_after: cursor }, options), query.starting_after);
  }

  /** An application with its section statuses. */
  get(applicationId: string, options?: RequestOptions): Promise<Application> {
    return this.#requester.call("getApplication", { path: { applicationId } }, options);
  }

  /** Cancels a `DRAFT` application; any other status is a `ConflictError`. */
  cancel(applicationId: string, options?: RequestOptions): Promise<Application> {
    return this.#requester.call("cancelApplication", { path: { applicationId } }, options);
  }

  /** The application's JSON Schema; `resolved` drops what cannot apply given the saved data. */
  schema(applicationId: string, query: { resolved?: boolean } = {}, options?: RequestOptions): Promise<ApplicationSchema> {
    return this.#requester.call("getApplicationSchema", { path: { applicationId }, query }, options);
  }

  /** Submits (or resubmits after RFIs); incomplete sections are a `ConflictError`. */
  submit(applicationId: string, params: SubmitParams, options?: RequestOptions): Promise<SubmitResult> {
    return this.#requester.call("submitApplication", { path: { applicationId }, body: params }, options);
  }

  /** The certifications the end user agrees to before submitting. */
  certifications(applicationId: string, options?: RequestOptions): Promise<Certification[]> {
    return this.#requester.call("listCertifications", { path: { applicationId } }, options);
  }

  /** Every visible section's data, keyed by section name, with the statuses. */
  getData(applicationId: string, options?: RequestOptions): Promise<ApplicationData> {
    return this.#requester.call("getApplicationData", { path: { applicationId } }, options);
  }

  /** Saves several sections at once; with a validator, an invalid payload is a `ValidationError` before sending. */
  saveData(applicationId: string, data: { [N in SectionNameOf<S>]?: N extends keyof S ? S[N] : never }, options?: SaveOptions): Promise<SaveResult> {
    // The document types section payloads loosely; `S` is the precise type.
    const body = data as BodyOf<"saveApplicationData">;
    return this.#requester.call("saveApplicationData", { path: { applicationId }, body, sections: (v) => v.validateData(body) }, options);
  }
}
