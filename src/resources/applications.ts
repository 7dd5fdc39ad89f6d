// Applications: read, list, cancel, submit, and the whole-application schema and data.
import type { operations } from "../../generated/openapi.js";
import { InvalidResponseError } from "../errors.js";
import type { RequestOptions } from "../options.js";
import { type Page, Paginator } from "../pagination.js";
import type { Requester, SaveOptions } from "../request.js";
import type { SchemaValidatorLike } from "../sections/contract.js";
import type { Application, ApplicationData, ApplicationSchema, Certification, SaveResult, SubmitParams, SubmitResult } from "../types.js";

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
    const body = await this.#requester.send("listApplications", { query }, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications", { ...init, params: { query } }),
    );
    const last = body.applications.at(-1);
    const nextCursor = body.hasMore ? (body.nextCursor ?? last?.applicationId) : undefined;
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
    return new Paginator(
      (cursor) => this.listPage(cursor === undefined ? query : { ...query, starting_after: cursor }, options),
      query.starting_after,
    );
  }

  /** An application with its section statuses. */
  get(applicationId: string, options?: RequestOptions): Promise<Application> {
    const args = { path: { applicationId } };
    return this.#requester.send("getApplication", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}", { ...init, params: args }),
    );
  }

  /** Cancels a `DRAFT` application; any other status is a `ConflictError`. */
  cancel(applicationId: string, options?: RequestOptions): Promise<Application> {
    const args = { path: { applicationId } };
    return this.#requester.send("cancelApplication", args, options, (init) =>
      this.#requester.client.DELETE("/v1/onboarding/partner/applications/{applicationId}", { ...init, params: args }),
    );
  }

  /** The application's JSON Schema; `resolved` drops what cannot apply given the saved data. */
  schema(applicationId: string, query: { resolved?: boolean } = {}, options?: RequestOptions): Promise<ApplicationSchema> {
    const args = { path: { applicationId }, query };
    return this.#requester.send("getApplicationSchema", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/schema", { ...init, params: args }),
    );
  }

  /** Submits (or resubmits after RFIs); incomplete sections are a `ConflictError`. */
  submit(applicationId: string, params: SubmitParams, options?: RequestOptions): Promise<SubmitResult> {
    const args = { path: { applicationId }, body: params };
    return this.#requester.post("submitApplication", args, options, (init) =>
      this.#requester.client.POST("/v1/onboarding/partner/applications/{applicationId}/submit", {
        ...init,
        params: { path: args.path, header: { "X-Idempotency-Key": init.idempotencyKey } },
        body: params,
      }),
    );
  }

  /** The certifications the end user agrees to before submitting. */
  certifications(applicationId: string, options?: RequestOptions): Promise<Certification[]> {
    const args = { path: { applicationId } };
    return this.#requester.send("listCertifications", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/certifications", { ...init, params: args }),
    );
  }

  /** Every visible section's data, keyed by section name, with the statuses. */
  getData(applicationId: string, options?: RequestOptions): Promise<ApplicationData> {
    const args = { path: { applicationId } };
    return this.#requester.send("getApplicationData", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/data", { ...init, params: args }),
    );
  }

  /** Saves several sections at once; with a validator, an invalid payload is a `ValidationError` before sending. */
  saveData(applicationId: string, data: { [N in keyof S]?: S[N] }, options?: SaveOptions): Promise<SaveResult> {
    const args = {
      path: { applicationId },
      body: data,
      sections: (validator: SchemaValidatorLike) => validator.validateData(data as Record<string, unknown>),
    };
    return this.#requester.send("saveApplicationData", args, options, (init) =>
      this.#requester.client.PATCH("/v1/onboarding/partner/applications/{applicationId}/data", {
        ...init,
        params: { path: args.path },
        body: data as Record<string, never>,
      }),
    );
  }
}
