// Sections: read and save one section's data, remove an entity of an array section.
import type { RequestOptions } from "../options.js";
import type { Requester, SaveOptions } from "../request.js";
import type { SchemaValidatorLike } from "../sections/contract.js";
import type { SaveResult, SectionData, SectionList, SectionPayload } from "../types.js";

/** A section name of `S`; any string when the client was created without section types. */
export type SectionNameOf<S extends object> = keyof S & string;

/** `circle.sections`: one section at a time. `S` maps section names to payload types. */
export class SectionsResource<S extends object> {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** The visible sections and their statuses; `includeData` adds each one's data. */
  list(applicationId: string, query: { includeData?: boolean } = {}, options?: RequestOptions): Promise<SectionList> {
    const args = { path: { applicationId }, query };
    return this.#requester.send("listSections", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/sections", { ...init, params: args }),
    );
  }

  /** A section's saved data and status. */
  get(applicationId: string, sectionName: SectionNameOf<S>, options?: RequestOptions): Promise<SectionData> {
    const args = { path: { applicationId, sectionName } };
    return this.#requester.send("getSection", args, options, (init) =>
      this.#requester.client.GET("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}", { ...init, params: args }),
    );
  }

  /** Saves a section; with a validator, an invalid payload is a `ValidationError` before sending. */
  save<N extends SectionNameOf<S>>(applicationId: string, sectionName: N, payload: S[N], options?: SaveOptions): Promise<SaveResult> {
    const args = {
      path: { applicationId, sectionName },
      body: payload,
      sections: (validator: SchemaValidatorLike) => validator.validateSection(sectionName, payload),
    };
    return this.#requester.send("saveSection", args, options, (init) =>
      this.#requester.client.PUT("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}", {
        ...init,
        params: { path: args.path },
        body: payload as SectionPayload,
      }),
    );
  }

  /** Removes one entity, by `refId`, from an array section. */
  deleteEntity(applicationId: string, sectionName: SectionNameOf<S>, refId: string, options?: RequestOptions): Promise<SectionList> {
    const args = { path: { applicationId, sectionName, refId } };
    return this.#requester.send("deleteSectionEntity", args, options, (init) =>
      this.#requester.client.DELETE("/v1/onboarding/partner/applications/{applicationId}/sections/{sectionName}/{refId}", {
        ...init,
        params: args,
      }),
    );
  }
}
