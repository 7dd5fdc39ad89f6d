// Named types of the API's bodies, taken from the generated document types, and the path
// types `circle.raw` is typed with.
import type { components, paths } from "../generated/openapi.js";
import type { ApiOperationId } from "../generated/operations.js";

type Schemas = components["schemas"];

/** An onboarding application with its section statuses. */
export type Application = Schemas["Application"];
/** An application's status as the server reports it: a known status, or one Circle added later. */
export type ApplicationStatus = Schemas["ApplicationStatus"];
/** The application statuses the document knows (the `status` filter of `applications.list` takes only these). */
export type KnownApplicationStatus = Schemas["KnownApplicationStatus"];
/** A section's name and status. */
export type SectionSummary = Schemas["SectionSummary"];
/** A section's status as the server reports it: a known status, or one Circle added later. */
export type SectionStatus = Schemas["SectionStatus"];
/** The section statuses the document knows. */
export type KnownSectionStatus = Schemas["KnownSectionStatus"];
/** A client entity of the partner. */
export type PartnerClient = Schemas["PartnerClient"];
/** A partner client's status as the server reports it (`pending`, or one Circle added later). */
export type ClientStatus = Schemas["ClientStatus"];
/** The legal form of a new client entity: one of the nine values of Circle's how-to. */
export type InstitutionType = Schemas["InstitutionType"];
/** The fields of a new client entity. */
export type CreateClientParams = Schemas["CreatePartnerClientRequest"];
/** The ids of a new client and its draft application. */
export type CreatedClient = Schemas["CreatePartnerClientResponse"]["data"];
/** A submit's consent fields. */
export type SubmitParams = Schemas["SubmitApplicationRequest"];
/** An application's id and status after submission. */
export type SubmitResult = Schemas["SubmitApplicationResponse"];
/** A certification the end user agrees to before submitting. */
export type Certification = Schemas["Certification"];
/** An application's JSON Schema (draft 2020-12). */
export type ApplicationSchema = Schemas["ApplicationSchema"];
/** Every visible section's data and status. */
export type ApplicationData = Schemas["ApplicationData"];
/** What a save stored and the statuses it left. */
export type SaveResult = Schemas["SaveResult"];
/** A section's data and status. */
export type SectionData = Schemas["SectionData"];
/** The visible sections. */
export type SectionList = Schemas["SectionList"];
/** A section's payload: an object, or an array of entities. */
export type SectionPayload = Schemas["SectionPayload"];
/** One entity of an array section. */
export type SectionEntity = Schemas["SectionEntity"];
/** An uploaded document. */
export type DocumentSummary = Schemas["DocumentSummary"];
/** An application's documents. */
export type DocumentList = Schemas["DocumentList"];
/** The kind of an uploaded document. */
export type DocumentType = Schemas["DocumentType"];
/** An application's RFI bundles. */
export type RfiBundleList = Schemas["RfiBundleList"];
/** RFIs raised together. */
export type RfiBundle = Schemas["RfiBundle"];
/** A request for information about one field. */
export type Rfi = Schemas["Rfi"];
/** What an RFI asks for, as the server reports it: a known type, or one Circle added later. */
export type RfiType = Schemas["RfiType"];
/** The RFI types the document knows: `UPDATE_FIELD`, `NEW_FIELD`, `COLLECT_DOCUMENT`. */
export type KnownRfiType = Schemas["KnownRfiType"];
/** An RFI's status as the server reports it (`PENDING`, or another Circle sends). */
export type RfiStatus = Schemas["RfiStatus"];
/** An RFI bundle's status as the server reports it (`PUBLISHED`, or another Circle sends). */
export type RfiBundleStatus = Schemas["RfiBundleStatus"];
/** An RFI with its comments. */
export type RfiDetail = Schemas["RfiDetail"];
/** A comment on an RFI. */
export type Comment = Schemas["Comment"];
/** The section's data after an RFI answer. */
export type RfiAnswerResult = Schemas["RfiAnswerResult"];

/** An operation of the API (one of the document's paths), by operationId. */
export type OperationId = ApiOperationId;

/** Makes `X-Idempotency-Key` optional in an operation's header parameters: the client supplies it. */
type KeyOptional<Op> = Op extends { parameters: { header: infer H } }
  ? Omit<Op, "parameters"> & {
      parameters: Omit<Op["parameters"], "header"> & { header?: Omit<H, "X-Idempotency-Key"> & { "X-Idempotency-Key"?: string } };
    }
  : Op;

/** The document's paths as `circle.raw` takes them: the idempotency key is supplied by middleware. */
export type RawPaths = { [P in keyof paths]: { [M in keyof paths[P]]: KeyOptional<paths[P][M]> } };
