// One customer of a bulk run, and the check of its shape. The checks reuse the rules generated
// from the OpenAPI document for the calls the record feeds (create client, upload, submit), so a
// record is refused for exactly what the server would refuse, with the record's own field names.
import { operationTable } from "../../generated/operations.js";
import { InvalidRequestError } from "../errors.js";
import { assertValid, type Rule } from "../preflight.js";
import { isObject } from "../sections/schema-node.js";
import type { CreateClientParams, DocumentType, SectionPayload, SubmitParams } from "../types.js";
import { uuidPattern } from "../uuid.js";

/** A document of a record: a file on disk and the schema field it fills. */
export interface RecordDocument {
  /** The file: absolute, or relative to the input file's folder (the working directory for an iterable). */
  path: string;
  /** The schema field (datum) the file fills, such as `authorizedRepGovernmentId`. */
  datumName: string;
  /** Required for fields with `x-documentTypes`; one of that list. */
  documentType?: DocumentType;
  /** ISO 3166-1 alpha-2 country that issued an identity document. */
  issuedCountry?: string;
  /** The array-section entity the document belongs to: `{ section: "beneficial_owners", index: 0 }`. */
  entity?: { section: string; index: number };
  /** The flat section holding `datumName`, when more than one section has a field of that name. */
  section?: string;
  /** The name sent to Circle; the file's base name by default. */
  fileName?: string;
}

/** What the submit sends: the end user's consent, and optionally the certifications agreed to. */
export interface RecordSubmit {
  /** Must be `true`: the end user agreed to the terms of service. */
  endUserAgreesToTermsOfService: true;
  /** The end user's IPv4 or IPv6 address. */
  endUserIpAddress: string;
  /**
   * The certifications the end user agreed to. Absent: the run reads the application's active
   * certifications just before submitting and sends their ids (stored in the journal with the submit).
   */
  certificationIds?: string[];
}

/** One customer: a line of the JSON Lines input, or an item of the iterable given to `onboard`. */
export interface OnboardRecord {
  /** The partner's own id for the customer: the key that makes a run idempotent. */
  ref: string;
  /** The client entity to create (`POST /v1/partner/clients`). */
  client: CreateClientParams;
  /** Section payloads keyed by section name, as the bulk save takes them (array sections as arrays). */
  data: Record<string, SectionPayload>;
  /** Files to upload after the data is saved. */
  documents?: RecordDocument[];
  /** The submit's consent fields. */
  submit: RecordSubmit;
  /** Continue this existing application instead of creating a client (for example after a lost create). */
  applicationId?: string;
  /** The client entity of `applicationId`, for the report. */
  clientEntityId?: string;
}

/** One problem with one input record: where it is and what is wrong, on one line. */
export interface InputProblem {
  /** Line number in the input file (1-based), or position in the iterable (1-based). */
  line: number;
  /** The record's ref, when it has a usable one. */
  ref?: string;
  /** The field at fault, as a dot path inside the record (`client.country`, `documents.1.path`). */
  field: string;
  /** What was expected, and what was found. */
  message: string;
}

/** What a record must look like; longer than the server's limits only where the run needs it to be. */
const refPattern = /^[\x21-\x7e]{1,200}$/;
const known = new Set(["ref", "client", "data", "documents", "submit", "applicationId", "clientEntityId"]);
const knownDocument = new Set(["path", "datumName", "documentType", "issuedCountry", "entity", "section", "fileName"]);

/** Checks a parsed value against the rule of an operation's body; the problem, named under `prefix`. */
function ruleProblem(value: unknown, rule: Rule, prefix: string): { field: string; message: string } | undefined {
  try {
    assertValid(value, rule, prefix);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const field = error.field === prefix ? prefix : `${prefix}.${error.field}`;
    return { field, message: error.message.slice(error.field.length + 2) };
  }
}

const uploadRule = operationTable.uploadDocument.body!;
const documentRule: Rule = {
  type: "object",
  required: ["path", "datumName"],
  properties: {
    path: { type: "string", minLength: 1 },
    datumName: { type: "string", minLength: 1 },
    documentType: uploadRule.properties!.documentType!,
    issuedCountry: uploadRule.properties!.issuedCountry!,
    section: { type: "string", minLength: 1 },
    fileName: { type: "string", minLength: 1 },
    entity: { type: "object", required: ["section", "index"], properties: { section: { type: "string", minLength: 1 }, index: { type: "integer", minimum: 0 } } },
  },
};

/**
 * The record if `value` is a well-formed one, else every problem found (one per part: the ref,
 * the client, the data, each document, the submit). Files are not looked at here.
 */
export function checkRecord(value: unknown, line: number): { record: OnboardRecord } | { problems: InputProblem[] } {
  if (!isObject(value)) return { problems: [{ line, field: "(record)", message: `expected a JSON object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}` }] };
  const ref = typeof value.ref === "string" && refPattern.test(value.ref) ? value.ref : undefined;
  const problems: InputProblem[] = [];
  const add = (field: string, message: string) => problems.push({ line, ...(ref === undefined ? {} : { ref }), field, message });
  if (ref === undefined) add("ref", `expected a string of 1 to 200 printable characters without spaces, got ${value.ref === undefined ? "nothing" : JSON.stringify(value.ref)}`);
  for (const key of Object.keys(value)) if (!known.has(key)) add(key, `unknown field; expected ${[...known].join(", ")}`);

  const continuing = value.applicationId !== undefined;
  if (continuing && (typeof value.applicationId !== "string" || !uuidPattern.test(value.applicationId))) add("applicationId", `expected a UUID, got ${JSON.stringify(value.applicationId)}`);
  if (value.clientEntityId !== undefined && (typeof value.clientEntityId !== "string" || !uuidPattern.test(value.clientEntityId))) {
    add("clientEntityId", `expected a UUID, got ${JSON.stringify(value.clientEntityId)}`);
  }
  const client = ruleProblem(value.client, operationTable.createPartnerClient.body!, "client");
  if (value.client === undefined) add("client", "expected the client to create: { clientName, country, clientType, businessDetails }");
  else if (client) add(client.field, client.message);

  const data = value.data;
  if (!isObject(data) || Object.keys(data).length === 0) add("data", `expected section payloads keyed by section name, got ${data === undefined ? "nothing" : JSON.stringify(data).slice(0, 60)}`);
  else {
    for (const [section, payload] of Object.entries(data)) {
      if (Array.isArray(payload)) {
        const bad = payload.findIndex((item) => !isObject(item));
        if (bad >= 0) add(`data.${section}.${bad}`, "expected an object (one entity of an array section)");
        const withRef = payload.findIndex((item) => isObject(item) && item.refId !== undefined);
        if (withRef >= 0) add(`data.${section}.${withRef}.refId`, "expected no refId: the server assigns it, and the run keeps track of it");
      } else if (!isObject(payload)) add(`data.${section}`, "expected an object (a flat section) or an array (an array section)");
    }
  }

  const documents = value.documents;
  if (documents !== undefined && !Array.isArray(documents)) add("documents", "expected an array of { path, datumName, ... }");
  if (Array.isArray(documents)) {
    documents.forEach((doc, i) => {
      const problem = ruleProblem(doc, documentRule, `documents.${i}`);
      if (problem) return add(problem.field, problem.message);
      for (const key of Object.keys(doc as object)) if (!knownDocument.has(key)) return add(`documents.${i}.${key}`, `unknown field; expected ${[...knownDocument].join(", ")}`);
      const entity = (doc as RecordDocument).entity;
      if (entity && isObject(data)) {
        const items = data[entity.section];
        if (!Array.isArray(items)) return add(`documents.${i}.entity.section`, `expected an array section of data, got ${JSON.stringify(entity.section)}`);
        if (entity.index >= items.length) return add(`documents.${i}.entity.index`, `expected an index below ${items.length} (the items of data.${entity.section}), got ${entity.index}`);
      }
      return undefined;
    });
  }

  const submit = ruleProblem(value.submit, operationTable.submitApplication.body!, "submit");
  if (value.submit === undefined) add("submit", "expected the submit's consent: { endUserAgreesToTermsOfService: true, endUserIpAddress }");
  else if (submit) add(submit.field, submit.message);

  if (problems.length) return { problems };
  return { record: value as unknown as OnboardRecord };
}

/** The body of the submit, from the record's consent and the certifications chosen. */
export function submitBody(submit: RecordSubmit, certificationIds: string[] | undefined): SubmitParams {
  const body: SubmitParams = { endUserAgreesToTermsOfService: true, endUserIpAddress: submit.endUserIpAddress };
  if (certificationIds) body.certificationIds = certificationIds;
  return body;
}
