// Documents: upload (multipart), list, download, delete.
import { InvalidRequestError } from "../errors.js";
import type { RequestOptions } from "../options.js";
import type { BodyOf, Requester } from "../request.js";
import type { DocumentList, DocumentType } from "../types.js";
import { toBlob, uploadForm } from "../uploads.js";

/** The fields of an upload besides the file. */
interface UploadFields {
  /** The schema field the file fills, such as `authorizedRepGovernmentId`. */
  datumName: string;
  /** Required for fields with `x-documentTypes`; one of that list. */
  documentType?: DocumentType;
  /** ISO 3166-1 alpha-2 country that issued an identity document. */
  issuedCountry?: string;
  /** The entity's `refId` when the field belongs to an array section. */
  refId?: string;
}

/** An upload: a `File` names itself; other content needs `fileName`. */
export type UploadParams = UploadFields & ({ file: File; fileName?: string } | { file: Blob | Uint8Array | ReadableStream<Uint8Array>; fileName: string });

/** `circle.documents`: files attached to an application. */
export class DocumentsResource {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** Uploads one file for one schema field. A stream is read into memory first so a retry can resend it. */
  async upload(applicationId: string, params: UploadParams, options?: RequestOptions): Promise<{ documentId: string }> {
    if (typeof params !== "object" || params === null) throw new InvalidRequestError("params", "expected { file, fileName, datumName, ... }");
    if (params.file === undefined || params.file === null) throw new InvalidRequestError("file", "expected a Blob, File, Uint8Array or ReadableStream");
    const fileName = params.fileName ?? (typeof File !== "undefined" && params.file instanceof File ? params.file.name : undefined);
    if (!fileName) throw new InvalidRequestError("fileName", "expected the file's name with its extension, such as passport.pdf");
    const fields = { datumName: params.datumName, fileName, documentType: params.documentType, issuedCountry: params.issuedCountry, refId: params.refId };
    // The file itself stands in for `fileContent` so the checks see it present; the form carries the bytes.
    const args = { path: { applicationId }, body: { ...fields, fileContent: params.file } as unknown as BodyOf<"uploadDocument"> };
    // Everything cheap is checked before the file is read.
    this.#requester.check("uploadDocument", args, options);
    const form = uploadForm(fields, await toBlob(params.file, fileName), fileName);
    return this.#requester.call("uploadDocument", { ...args, form }, options);
  }

  /** The uploaded documents. */
  list(applicationId: string, options?: RequestOptions): Promise<DocumentList> {
    return this.#requester.call("listDocuments", { path: { applicationId } }, options);
  }

  /** The document as a `File`, named from `Content-Disposition` (else its id), typed from `Content-Type`. */
  async download(applicationId: string, documentId: string, options?: RequestOptions): Promise<File> {
    const { body, response } = await this.#requester.exchange("downloadDocument", { path: { applicationId, documentId }, parseAs: "blob" }, options);
    const { headers } = response;
    return new File([body as unknown as Blob], fileNameOf(headers.get("content-disposition")) ?? documentId, {
      type: headers.get("content-type") ?? "application/octet-stream",
    });
  }

  /** Deletes a document while the application is editable. */
  delete(applicationId: string, documentId: string, options?: RequestOptions): Promise<void> {
    return this.#requester.call("deleteDocument", { path: { applicationId, documentId } }, options);
  }
}

/** The file name of a `Content-Disposition` header (`filename*` preferred), without any path. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(disposition)?.[1];
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base || undefined;
}
