// Multipart bodies for document uploads. Streams are read into a Blob first: a retry must be
// able to send the same bytes again, and identity documents are small.
import { InvalidRequestError } from "./errors.js";

/** File content an upload accepts. */
export type FileContent = Blob | Uint8Array | ReadableStream<Uint8Array>;

const mediaTypes: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  heic: "image/heic",
  tif: "image/tiff",
  tiff: "image/tiff",
};

/** The content as a Blob with a media type (the Blob's own, or one guessed from the file name). */
export async function toBlob(content: FileContent, fileName: string): Promise<Blob> {
  const type = (content instanceof Blob && content.type) || mediaTypes[fileName.split(".").pop()?.toLowerCase() ?? ""] || "application/octet-stream";
  let blob: Blob;
  if (content instanceof Blob) blob = content.type ? content : new Blob([content], { type });
  else if (content instanceof Uint8Array) blob = new Blob([content as Uint8Array<ArrayBuffer>], { type });
  else if (content instanceof ReadableStream) blob = new Blob([await new Response(content).arrayBuffer()], { type });
  else throw new InvalidRequestError("file", "expected a Blob, File, Uint8Array or ReadableStream");
  if (blob.size === 0) throw new InvalidRequestError("file", "expected a non-empty file, got 0 bytes");
  return blob;
}

/** The multipart form: text fields first, the file last. */
export function uploadForm(fields: Record<string, string | undefined>, file: Blob, fileName: string): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append("fileContent", file, fileName);
  return form;
}
