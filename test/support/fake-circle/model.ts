// The fake's state: clients, applications, their data and documents, the idempotency keys it has
// answered, and a count of every effect. Pure bookkeeping; the HTTP layer (server.ts) decides
// when a request reaches it and what the caller then sees.
import { createSchemaValidator, type SchemaValidator } from "../../../src/sections/index.js";
import { isObject, type SchemaObject } from "../../../src/sections/schema-node.js";
import { fakeTemplate } from "./template.js";

/** An answer the model gives: a status and a JSON body (`undefined` for none). */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Every effect the fake applied, counted once when it happened (replays are not effects). */
export interface EffectCounts {
  clients: number;
  entities: number;
  entityUpdates: number;
  documents: number;
  submissions: number;
}

interface FakeClient {
  clientEntityId: string;
  created: string;
  clientName: string;
  country: string;
  clientType: string;
  businessDetails: Record<string, unknown>;
  applicationId: string;
}

interface FakeDocument {
  documentId: string;
  datumName: string;
  fileName: string;
  uploadedAt: string;
  refId?: string;
  documentType?: string;
  issuedCountry?: string;
  bytes: number;
}

/** One application as the fake keeps it. */
export interface FakeApplication {
  applicationId: string;
  clientEntityId: string;
  status: string;
  data: Record<string, unknown>;
  documents: FakeDocument[];
  /** Accepted submissions (more than one would be a duplicate effect). */
  submissions: number;
  /** What submit last accepted. */
  submitted?: Record<string, unknown>;
}

/** Rules a test sets to steer the fake. */
export interface ModelRules {
  /** Client names whose submit is answered 404 with code 181110 (no device check). */
  deviceCheckMissing: Set<string>;
  /** Legal names the server refuses with a 422 on a save (the validator would accept them). */
  rejectedLegalNames: Set<string>;
}

const arraySections = new Set(
  Object.entries(fakeTemplate.properties as Record<string, SchemaObject>)
    .filter(([, schema]) => schema.type === "array")
    .map(([name]) => name),
);

/** The flat section that holds a datum, from the template. */
function flatSectionOf(datumName: string): string | undefined {
  for (const [name, schema] of Object.entries(fakeTemplate.properties as Record<string, SchemaObject>)) {
    if (schema.type === "object" && isObject(schema.properties) && datumName in schema.properties) return name;
  }
  return undefined;
}

/** The fake's state and its operations, one per documented effect or read. */
export class FakeModel {
  readonly clients: FakeClient[] = [];
  readonly applications = new Map<string, FakeApplication>();
  readonly counts: EffectCounts = { clients: 0, entities: 0, entityUpdates: 0, documents: 0, submissions: 0 };
  readonly rules: ModelRules = { deviceCheckMissing: new Set(), rejectedLegalNames: new Set() };
  readonly certificationIds = ["9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"];
  readonly #validator: SchemaValidator = createSchemaValidator(fakeTemplate);
  /** The first answer to each idempotency key. */
  readonly #keys = new Map<string, Answer>();
  #clock = Date.parse("2026-11-30T12:00:00Z");

  /** A timestamp that moves forward by a millisecond on every call, so order is total. */
  now(): string {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return new Date(this.#clock).toISOString();
  }

  /** The stored first answer of a key, if any. */
  replay(key: string): Answer | undefined {
    return this.#keys.get(key);
  }

  /** Remembers the first answer of a key. */
  remember(key: string, answer: Answer): void {
    if (!this.#keys.has(key)) this.#keys.set(key, answer);
  }

  /** Forgets every key, as Circle does once a key's lifetime ends. */
  expireKeys(): void {
    this.#keys.clear();
  }

  createClient(body: Record<string, unknown>): Answer {
    const name = body.clientName;
    const country = body.country;
    if (typeof name !== "string" || typeof country !== "string" || body.clientType !== "business" || !isObject(body.businessDetails)) {
      return { status: 400, body: { code: 400, message: "clientName, country, clientType and businessDetails are required" } };
    }
    if (this.clients.some((c) => c.clientName === name && c.country === country)) {
      return { status: 409, body: { code: 409, message: `A client named ${name} already exists in ${country}.` } };
    }
    const client: FakeClient = {
      clientEntityId: crypto.randomUUID(),
      created: this.now(),
      clientName: name,
      country,
      clientType: "business",
      businessDetails: body.businessDetails,
      applicationId: crypto.randomUUID(),
    };
    this.clients.push(client);
    this.applications.set(client.applicationId, {
      applicationId: client.applicationId,
      clientEntityId: client.clientEntityId,
      status: "DRAFT",
      data: {},
      documents: [],
      submissions: 0,
    });
    this.counts.clients++;
    return { status: 201, body: { data: { clientEntityId: client.clientEntityId, applicationId: client.applicationId } } };
  }

  /** A client as `GET /v1/partner/clients/{id}` shows it (no application id: Circle shows none). */
  clientView(client: FakeClient): Record<string, unknown> {
    const { applicationId: _hidden, ...view } = client;
    return { ...view, status: "pending" };
  }

  listClients(pageSize: number, pageAfter: string | undefined): { items: FakeClient[]; next: string | undefined } | undefined {
    const newestFirst = [...this.clients].reverse();
    let start = 0;
    if (pageAfter !== undefined) {
      const at = newestFirst.findIndex((c) => c.clientEntityId === pageAfter);
      if (at < 0) return undefined;
      start = at + 1;
    }
    const items = newestFirst.slice(start, start + pageSize);
    const more = start + pageSize < newestFirst.length;
    return { items, next: more ? items.at(-1)?.clientEntityId : undefined };
  }

  /** Section statuses: not_started without data, complete when the section validates. */
  sections(app: FakeApplication): { sectionName: string; status: string }[] {
    return Object.keys(fakeTemplate.properties as object).map((sectionName) => {
      const value = app.data[sectionName];
      const empty = value === undefined || (Array.isArray(value) && value.length === 0);
      if (empty) return { sectionName, status: "not_started" };
      return { sectionName, status: this.#validator.validateSection(sectionName, stripRefIds(value)).length ? "incomplete" : "complete" };
    });
  }

  applicationView(app: FakeApplication): Record<string, unknown> {
    return { applicationId: app.applicationId, status: app.status, sections: this.sections(app), pendingRfis: [] };
  }

  /** `PATCH …/data`: validated whole (missing required fields are allowed), then written section by section. */
  saveData(app: FakeApplication, body: unknown): Answer {
    if (app.status !== "DRAFT") return { status: 409, body: { code: 409, message: `The application is ${app.status}; it can no longer be changed.` } };
    if (!isObject(body) || Object.keys(body).length === 0) return { status: 400, body: { code: 400, message: "expected section payloads keyed by section name" } };
    const errors: { path: string; code: string; message: string }[] = [];
    for (const [section, payload] of Object.entries(body)) {
      if (!(section in (fakeTemplate.properties as object))) {
        errors.push({ path: section, code: "unknown_section", message: `${section} is not a section of this application` });
        continue;
      }
      if (arraySections.has(section) !== Array.isArray(payload)) {
        errors.push({ path: section, code: "type", message: `${section} takes ${arraySections.has(section) ? "an array" : "an object"}` });
        continue;
      }
      const existing = (app.data[section] as Record<string, unknown>[] | undefined) ?? [];
      if (Array.isArray(payload)) {
        payload.forEach((item, i) => {
          const refId = isObject(item) ? item.refId : undefined;
          if (refId !== undefined && !existing.some((e) => e.refId === refId)) errors.push({ path: `${section}.${i}.refId`, code: "not_found", message: "no such entity" });
        });
      }
      // The server checks types and formats; a missing required field only leaves the section incomplete.
      for (const e of this.#validator.validateSection(section, stripRefIds(payload))) if (e.code !== "required" && e.code !== "minItems") errors.push(e);
      if (section === "basicBusinessInfo" && isObject(payload) && this.rules.rejectedLegalNames.has(String(payload.legalName))) {
        errors.push({ path: "basicBusinessInfo.legalName", code: "invalid_value", message: "legalName was refused by compliance screening" });
      }
    }
    if (errors.length) return { status: 422, body: { code: 422, message: "Validation failed", errors } };
    const saved: Record<string, unknown> = {};
    for (const [section, payload] of Object.entries(body)) {
      if (Array.isArray(payload)) {
        const entities = ((app.data[section] as Record<string, unknown>[] | undefined) ?? []).slice();
        for (const item of payload as Record<string, unknown>[]) {
          if (typeof item.refId === "string") {
            const at = entities.findIndex((e) => e.refId === item.refId);
            entities[at] = { ...entities[at], ...item };
            this.counts.entityUpdates++;
          } else {
            entities.push({ ...item, refId: crypto.randomUUID() });
            this.counts.entities++;
          }
        }
        app.data[section] = entities;
      } else {
        app.data[section] = { ...((app.data[section] as object | undefined) ?? {}), ...(payload as object) };
      }
      saved[section] = structuredClone(app.data[section]);
    }
    return { status: 200, body: { data: saved, sections: this.sections(app), sectionsChanged: false, fieldsChanged: false } };
  }

  upload(app: FakeApplication, fields: Record<string, string>, bytes: number): Answer {
    if (app.status !== "DRAFT") return { status: 409, body: { code: 409, message: `The application is ${app.status}; it can no longer be changed.` } };
    const { datumName, fileName, refId } = fields;
    if (!datumName || !fileName || bytes === 0) return { status: 400, body: { code: 400, message: "datumName, fileName and fileContent are required" } };
    let target: Record<string, unknown> | undefined;
    if (refId) {
      for (const section of arraySections) target ??= ((app.data[section] as Record<string, unknown>[] | undefined) ?? []).find((e) => e.refId === refId);
      if (!target) return { status: 422, body: { code: 422, message: "Validation failed", errors: [{ path: "refId", code: "not_found", message: "no entity has this refId" }] } };
    } else {
      const section = flatSectionOf(datumName);
      if (!section) return { status: 422, body: { code: 422, message: "Validation failed", errors: [{ path: "datumName", code: "unknown_datum", message: `${datumName} needs a refId or is not a field` }] } };
      target = (app.data[section] as Record<string, unknown> | undefined) ?? {};
      app.data[section] = target;
    }
    const document: FakeDocument = { documentId: crypto.randomUUID(), datumName, fileName, uploadedAt: this.now(), bytes };
    if (refId) document.refId = refId;
    if (fields.documentType) document.documentType = fields.documentType;
    if (fields.issuedCountry) document.issuedCountry = fields.issuedCountry;
    app.documents.push(document);
    target[datumName] = document.documentId;
    this.counts.documents++;
    return { status: 201, body: { documentId: document.documentId } };
  }

  submit(app: FakeApplication, body: unknown, clientName: string): Answer {
    if (app.status !== "DRAFT") return { status: 409, body: { code: 409, message: `The application is ${app.status}; it cannot be submitted.` } };
    if (!isObject(body) || body.endUserAgreesToTermsOfService !== true || typeof body.endUserIpAddress !== "string") {
      return { status: 400, body: { code: 400, message: "endUserAgreesToTermsOfService (true) and endUserIpAddress are required" } };
    }
    const incomplete = this.sections(app).filter((s) => s.status !== "complete");
    if (incomplete.length) return { status: 409, body: { code: 409, message: `Sections not complete: ${incomplete.map((s) => s.sectionName).join(", ")}` } };
    if (body.certificationIds !== undefined) {
      const given = Array.isArray(body.certificationIds) ? [...body.certificationIds].sort() : [];
      if (JSON.stringify(given) !== JSON.stringify([...this.certificationIds].sort())) {
        return { status: 422, body: { code: 422, message: "certificationIds must be exactly the active certifications", errors: [{ path: "certificationIds", code: "mismatch", message: "not the active set" }] } };
      }
    }
    if (this.rules.deviceCheckMissing.has(clientName)) return { status: 404, body: { code: 181110, message: "Not found" } };
    app.status = "SUBMITTED";
    app.submitted = body;
    app.submissions++;
    this.counts.submissions++;
    return { status: 200, body: { applicationId: app.applicationId, status: app.status } };
  }

  /** The client that owns an application. */
  clientOf(app: FakeApplication): FakeClient | undefined {
    return this.clients.find((c) => c.clientEntityId === app.clientEntityId);
  }

  /**
   * What would betray a repeated effect: two clients with one name and country, two entities of
   * one section with the same content, two documents for one datum of one entity, an application
   * submitted more than once.
   */
  duplicates(): string[] {
    const found: string[] = [];
    const names = new Set<string>();
    for (const c of this.clients) {
      const key = `${c.clientName}|${c.country}`;
      if (names.has(key)) found.push(`client ${key}`);
      names.add(key);
    }
    for (const app of this.applications.values()) {
      for (const section of arraySections) {
        const seen = new Set<string>();
        for (const entity of (app.data[section] as Record<string, unknown>[] | undefined) ?? []) {
          const { refId: _r, ...fields } = entity;
          const { governmentId: _g, ...content } = fields;
          const key = JSON.stringify(content);
          if (seen.has(key)) found.push(`entity ${app.applicationId} ${section} ${key}`);
          seen.add(key);
        }
      }
      const docs = new Set<string>();
      for (const d of app.documents) {
        const key = `${d.datumName}|${d.refId ?? ""}`;
        if (docs.has(key)) found.push(`document ${app.applicationId} ${key}`);
        docs.add(key);
      }
      if (app.submissions > 1) found.push(`submission ${app.applicationId} × ${app.submissions}`);
    }
    return found;
  }
}

function stripRefIds(value: unknown): unknown {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? Object.fromEntries(Object.entries(item).filter(([k]) => k !== "refId")) : item)) : value;
}
