// Sections: read and save one section's data, remove an entity of an array section.
import type { RequestOptions } from "../options.js";
import type { BodyOf, Requester, SaveOptions } from "../request.js";
import type { SectionNameOf } from "../sections/contract.js";
import type { SaveResult, SectionData, SectionList } from "../types.js";

export type { SectionNameOf } from "../sections/contract.js";

/** `circle.sections`: one section at a time. `S` maps section names to payload types. */
export class SectionsResource<S extends object> {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** The visible sections and their statuses; `includeData` adds each one's data. */
  list(applicationId: string, query: { includeData?: boolean } = {}, options?: RequestOptions): Promise<SectionList> {
    return this.#requester.call("listSections", { path: { applicationId }, query }, options);
  }

  /** A section's saved data and status. */
  get(applicationId: string, sectionName: SectionNameOf<S>, options?: RequestOptions): Promise<SectionData> {
    return this.#requester.call("getSection", { path: { applicationId, sectionName } }, options);
  }

  /** Saves a section; with a validator, an invalid payload is a `ValidationError` before sending. */
  save<N extends SectionNameOf<S>>(applicationId: string, sectionName: N, payload: S[N], options?: SaveOptions): Promise<SaveResult> {
    // The document types a payload loosely (any object or array); `S` is the precise type.
    const body = payload as BodyOf<"saveSection">;
    return this.#requester.call("saveSection", { path: { applicationId, sectionName }, body, sections: (v) => v.validateSection(sectionName, payload) }, options);
  }

  /** Removes one entity, by `refId`, from an array section. */
  deleteEntity(applicationId: string, sectionName: SectionNameOf<S>, refId: string, options?: RequestOptions): Promise<SectionList> {
    return this.#requester.call("deleteSectionEntity", { path: { applicationId, sectionName, refId } }, options);
  }
}
