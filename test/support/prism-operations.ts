// The document's operations as Prism parsed them: statuses and named examples to ask for.
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { shippedDocument } from "../../src/testing/prism.js";

/** One named example of one documented response. */
export interface DocumentedExample {
  status: number;
  mediaType: string;
  name: string;
  value: unknown;
}

/** Every named example of every response of every operation, keyed by operationId. */
export async function documentedExamples(): Promise<Map<string, DocumentedExample[]>> {
  const operations = await getHttpOperationsFromSpec(shippedDocument());
  const byOperation = new Map<string, DocumentedExample[]>();
  for (const operation of operations) {
    const examples: DocumentedExample[] = [];
    for (const response of operation.responses) {
      const contents = response.contents ?? [];
      // A response without a body (204) is still a documented outcome to ask for.
      if (!contents.length) examples.push({ status: Number(response.code), mediaType: "", name: "", value: undefined });
      for (const content of contents) {
        for (const example of content.examples ?? []) {
          if ("value" in example) {
            examples.push({ status: Number(response.code), mediaType: content.mediaType, name: example.key, value: example.value });
          }
        }
      }
    }
    byOperation.set(operation.iid!, examples);
  }
  return byOperation;
}
