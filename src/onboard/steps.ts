// One record, start to finish: create the client, check the application is still a draft, read
// its live schema and validate the whole record against it, bulk-save, upload, submit. Every
// effecting call is journaled `started` before it is sent and `done` after it answers; a step
// found `started` (the process died, or the answer never came) is settled before anything is
// repeated: POSTs are resent with their stored key after checking the server, and the bulk save,
// which has no key, is reconciled with what the application holds.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { OnboardingClient } from "../client.js";
import { AbortError, ApiError, ConflictError, RateLimitError, ServerError } from "../errors.js";
import { newIdempotencyKey } from "../idempotency.js";
import { sleep } from "../retry.js";
import type { SchemaValidator } from "../sections/index.js";
import type { Application, PartnerClient, SectionPayload, SubmitParams } from "../types.js";
import type { OnboardEvent, StepEvent } from "./events.js";
import type { PreparedDocument, PreparedRecord } from "./input.js";
import type { Journal, StepRow } from "./journal.js";
import { describeFieldErrors, RecordStop, stopFor } from "./outcome.js";
import { planSave, type RefIds } from "./reconcile.js";
import { submitBody } from "./record.js";
import { checkAgainstSchema } from "./schema-check.js";
import { type SchemaCache, templateOf } from "./schemas.js";

/** What processing a record needs. */
export interface StepContext {
  journal: Journal;
  circle: OnboardingClient;
  /** This worker's id: the lease owner. */
  owner: string;
  /** Lease length; an effecting call is aborted before its record's lease could run out. */
  leaseMs: number;
  emit(event: OnboardEvent): void;
  /** The schemas read so far, per template. */
  schemas: SchemaCache;
  /**
   * How far Circle's clock may be behind the database's when telling whether a client or a
   * document was created after this run first asked for it.
   */
  clockSkewMs: number;
}

/** What a record's attempt came to. */
export type AttemptResult = { state: "submitted"; clientEntityId: string | null; applicationId: string } | { state: "stopped"; stop: RecordStop };

const sha256 = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
const settledStatuses = new Set(["SUBMITTED", "IN_REVIEW", "PENDING_CUSTOMER_INFORMATION", "APPROVED", "DENIED"]);

/** Whether a call that failed may still have been applied: no answer, or a 5xx other than 503. */
function mayHaveApplied(error: unknown): boolean {
  if (error instanceof ServerError) return error.status !== 503;
  return !(error instanceof ApiError);
}

/** Processes one record whose lease this worker holds. Throws for what is worth retrying. */
export class RecordAttempt {
  readonly #ctx: StepContext;
  readonly #ref: string;
  readonly #input: PreparedRecord;
  readonly #signal: AbortSignal;
  #steps: Map<string, StepRow>;
  #clientEntityId: string | null;
  #applicationId: string | null;

  constructor(ctx: StepContext, input: PreparedRecord, steps: Map<string, StepRow>, ids: { clientEntityId: string | null; applicationId: string | null }, signal: AbortSignal) {
    this.#ctx = ctx;
    this.#ref = input.record.ref;
    this.#input = input;
    this.#steps = steps;
    this.#signal = signal;
    this.#clientEntityId = ids.clientEntityId;
    this.#applicationId = ids.applicationId;
  }

  /** Runs every step still to run. */
  async run(): Promise<AttemptResult> {
    try {
      const template = templateOf(this.#input.record);
      let checked: SchemaValidator | undefined;
      if (!this.#applicationId && !this.#steps.has("create")) {
        // Nothing has been sent for this record yet: check it against its template's schema, if one is known.
        const known = await this.#ctx.schemas.known(template);
        const errors = known ? checkAgainstSchema(this.#input, known.validator) : [];
        if (errors.length) {
          throw new RecordStop("validation", `refused before anything was sent, against the ${template} application schema read ${known!.readAt.toISOString()}: ${describeFieldErrors(errors)}`);
        }
        checked = known?.validator;
      }
      const fresh = await this.#application();
      const applicationId = this.#applicationId!;
      if (!fresh) {
        const application = await this.#read("read the application", (signal) => this.#ctx.circle.applications.get(applicationId, { signal }));
        if (application.status !== "DRAFT") return await this.#leftDraft(application);
      }
      const schema = await this.#read("read the application's schema", (signal) => this.#ctx.circle.applications.schema(applicationId, {}, { signal }));
      const live = await this.#ctx.schemas.update(template, schema);
      // The same validator (one per schema content) as the check above: the record already passed it.
      const errors = live === checked ? [] : checkAgainstSchema(this.#input, live);
      if (errors.length) throw new RecordStop("validation", `refused before sending, against the application's live schema: ${describeFieldErrors(errors)}`);
      const refIds = await this.#saveData(applicationId);
      for (const [i, doc] of this.#input.documents.entries()) await this.#upload(applicationId, i, doc, refIds);
      await this.#submit(applicationId);
      return { state: "submitted", clientEntityId: this.#clientEntityId, applicationId };
    } catch (error) {
      if (error instanceof RecordStop) return { state: "stopped", stop: error };
      throw error;
    }
  }

  #step(step: string, how: StepEvent["how"]): void {
    this.#ctx.emit({ type: "step", ref: this.#ref, step, how });
  }

  /**
   * A 4xx answer (but 408 and 429) says the call was not applied: its step is forgotten, so that
   * a later attempt sends it afresh with a new key instead of replaying the refusal.
   */
  async #refused(step: string, error: unknown): Promise<void> {
    if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500 || error.status === 408 || error.status === 429) return;
    await this.#ctx.journal.dropStep(this.#ref, step);
    this.#steps.delete(step);
  }

  /** A signal for an effecting call: the attempt's, and the lease's end (with a margin for the answer to travel). */
  #effectSignal(): AbortSignal {
    return AbortSignal.any([this.#signal, AbortSignal.timeout(Math.max(1000, this.#ctx.leaseMs - 2000))]);
  }

  /** A read; an error that stops the record becomes the stop. */
  async #read<T>(doing: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await call(this.#signal);
    } catch (error) {
      throw stopFor(error, doing) ?? error;
    }
  }

  /** Makes sure the record has an application; true when it was created in this attempt. */
  async #application(): Promise<boolean> {
    if (this.#applicationId) return false;
    const { journal, circle } = this.#ctx;
    const given = this.#input.record.applicationId;
    if (given) {
      this.#applicationId = given;
      this.#clientEntityId = this.#input.record.clientEntityId ?? null;
      await journal.setIds(this.#ref, this.#clientEntityId, given);
      return false;
    }
    const prior = this.#steps.get("create");
    if (prior?.state === "done" && prior.result && typeof (prior.result as { applicationId?: unknown }).applicationId === "string") {
      const ids = prior.result as { clientEntityId: string; applicationId: string };
      this.#clientEntityId = ids.clientEntityId;
      this.#applicationId = ids.applicationId;
      await journal.setIds(this.#ref, ids.clientEntityId, ids.applicationId);
      return false;
    }
    const { client } = this.#input.record;
    const hash = sha256(client);
    // A stored key is only ever sent again with the body it was first sent with.
    const resumed = prior?.state === "started" && prior.inputHash === hash && prior.idempotencyKey !== null;
    const key = resumed ? prior.idempotencyKey! : newIdempotencyKey();
    const started = await journal.startStep(this.#ref, this.#ctx.owner, "create", { idempotencyKey: key, inputHash: hash });
    // Retried here rather than beneath the client, so that a 409 tells whether an earlier send of
    // this create may have been applied (then the client may be this record's own) or not.
    let sent = resumed;
    let created;
    for (let retry = 0; ; retry++) {
      try {
        created = await circle.clients.create(client, { idempotencyKey: key, signal: this.#effectSignal(), maxRetries: 0 });
        break;
      } catch (error) {
        if (error instanceof ConflictError) return this.#createConflict(sent, started);
        await this.#refused("create", error);
        const stop = stopFor(error, "create the client");
        if (stop) throw stop;
        sent ||= mayHaveApplied(error);
        if (retry >= 2 || this.#signal.aborted || error instanceof AbortError) throw error;
        const asked = error instanceof RateLimitError ? error.retryAfterMs : undefined;
        await sleep(Math.min(asked ?? 500 * 2 ** retry, 10_000), this.#signal);
      }
    }
    await journal.finishStep(this.#ref, "create", created);
    await journal.setIds(this.#ref, created.clientEntityId, created.applicationId);
    this.#clientEntityId = created.clientEntityId;
    this.#applicationId = created.applicationId;
    this.#step("create", prior ? "reconciled" : "sent");
    this.#ctx.emit({ type: "record", ref: this.#ref, state: "running", clientEntityId: created.clientEntityId, applicationId: created.applicationId });
    // Created by a repeated request with the stored key: Circle replayed it, nothing else can be on it.
    return true;
  }

  /**
   * A 409 on create: a client with this name and country exists. It is this record's only when
   * an earlier send of this create may have been applied (an earlier attempt, or a send whose
   * answer was lost), no other record claims it, and Circle created it after the first send.
   * Even then Circle's API does not lead from a client to its application, so the record stops
   * asking for the application id.
   */
  async #createConflict(sent: boolean, started: StepRow): Promise<never> {
    const { clientName, country } = this.#input.record.client;
    const client = await this.#findClient(clientName, country);
    const who = `a client named ${JSON.stringify(clientName)} in ${country}`;
    if (!client) throw new RecordStop("needs_attention", `Circle answered 409 (${who} exists) but lists no such client for this partner`);
    const claimedBy = await this.#ctx.journal.clientClaimedBy(client.clientEntityId, this.#ref);
    if (claimedBy) throw new RecordStop("needs_attention", `${who} exists (${client.clientEntityId}) and belongs to record ${claimedBy} of this input; give this record another clientName`);
    const createdAt = Date.parse(client.created);
    const firstSent = started.firstStartedAt.getTime();
    if (!sent || !(createdAt >= firstSent - this.#ctx.clockSkewMs)) {
      // Not this record's: the create was refused, and a later one (another name) gets a new key.
      await this.#ctx.journal.dropStep(this.#ref, "create");
      const when = Number.isNaN(createdAt) ? "" : ` on ${client.created}`;
      throw new RecordStop(
        "needs_attention",
        `${who} already exists (${client.clientEntityId}, created${when}) and this run did not create it; give the record another clientName, or add "applicationId" (and "clientEntityId") to continue that client's application`,
      );
    }
    await this.#ctx.journal.finishStep(this.#ref, "create", { clientEntityId: client.clientEntityId, applicationId: null, via: "409" });
    await this.#ctx.journal.setIds(this.#ref, client.clientEntityId, null);
    this.#clientEntityId = client.clientEntityId;
    throw new RecordStop(
      "needs_attention",
      `this run created client ${client.clientEntityId} (Circle answered 409 to the repeated create: its idempotency key had expired), but Circle's API does not give a client's application id; add "applicationId" to the record (see the Circle console) and run again`,
    );
  }

  /** The partner's client with this name and country (newest first, so a recent one is on the first pages). */
  async #findClient(clientName: string, country: string): Promise<PartnerClient | undefined> {
    return this.#read("find the client", async (signal) => {
      for await (const client of this.#ctx.circle.clients.list({ pageSize: 100 }, { signal })) {
        if (client.clientName === clientName && client.country === country) return client;
      }
      return undefined;
    });
  }

  /** The application is no longer a draft: submitted by this run (its submit was started), or changed by someone else. */
  async #leftDraft(application: Application): Promise<AttemptResult> {
    if (this.#steps.has("submit") && settledStatuses.has(application.status)) {
      await this.#ctx.journal.finishStep(this.#ref, "submit", { applicationId: application.applicationId, status: application.status });
      this.#step("submit", "found");
      return { state: "submitted", clientEntityId: this.#clientEntityId, applicationId: application.applicationId };
    }
    throw new RecordStop("not_draft", `the application is ${application.status}, no longer a draft, and this run did not submit it`);
  }

  /** Bulk-saves the data, sending only what the application does not hold yet; the refIds of the array items. */
  async #saveData(applicationId: string): Promise<RefIds> {
    const { journal, circle } = this.#ctx;
    const want = this.#input.record.data;
    const hash = sha256(want);
    const prior = this.#steps.get("data");
    if (prior?.state === "done" && prior.inputHash === hash) return (prior.result as { refIds: RefIds }).refIds;
    // The refIds of a finished save, else those known when the unfinished one started.
    const known = ((prior?.state === "done" ? prior.result : prior?.request) as { refIds?: RefIds } | null)?.refIds ?? {};
    // With no step row, nothing of this run has written data; an application the record names may hold some.
    const mustRead = prior !== undefined || this.#input.record.applicationId !== undefined;
    const have = mustRead ? (await this.#read("read the saved data", (signal) => circle.applications.getData(applicationId, { signal }))).data : {};
    let plan = planSave(want, have, known);
    let how: StepEvent["how"] = mustRead ? "reconciled" : "sent";
    if (plan.payload) {
      await journal.startStep(this.#ref, this.#ctx.owner, "data", { inputHash: hash, request: { refIds: plan.refIds } });
      let saved: Record<string, unknown>;
      try {
        // Validated against the live schema already, with the documents' fields filled in.
        saved = (await circle.applications.saveData(applicationId, plan.payload as Record<string, SectionPayload>, { validator: false, signal: this.#effectSignal() })).data as Record<string, unknown>;
      } catch (error) {
        await this.#refused("data", error);
        if (error instanceof ConflictError) return this.#conflictOnDraft(applicationId, "save the data", error);
        throw stopFor(error, "save the data") ?? error;
      }
      plan = planSave(want, { ...have, ...saved }, plan.refIds);
      if (plan.payload) {
        // The answer did not show every entity: read the application.
        const reread = (await this.#read("read the saved data", (signal) => circle.applications.getData(applicationId, { signal }))).data;
        plan = planSave(want, reread, plan.refIds);
        if (plan.payload) {
          await journal.finishStep(this.#ref, "data", { refIds: plan.refIds, incomplete: Object.keys(plan.payload) });
          throw new RecordStop("needs_attention", `the bulk save was accepted, but the application's data does not show all of it (${Object.keys(plan.payload).join(", ")}): did the server change the values?`);
        }
      }
    } else {
      await journal.startStep(this.#ref, this.#ctx.owner, "data", { inputHash: hash, request: { refIds: plan.refIds } });
      how = "found";
    }
    await journal.finishStep(this.#ref, "data", { refIds: plan.refIds });
    this.#step("data", how);
    return plan.refIds;
  }

  /** A 409 while changing the application: it is no longer a draft, or Circle refuses for a reason it names. */
  async #conflictOnDraft(applicationId: string, doing: string, error: ConflictError): Promise<never> {
    const application = await this.#read("read the application", (signal) => this.#ctx.circle.applications.get(applicationId, { signal }));
    if (application.status !== "DRAFT") throw new RecordStop("not_draft", `the application is ${application.status}, no longer a draft, so this run cannot ${doing}`);
    throw new RecordStop("needs_attention", `Circle refused to ${doing} (${error.message})`);
  }

  /** Uploads one document, once: a started upload is looked for in the documents list before it is sent again. */
  async #upload(applicationId: string, index: number, doc: PreparedDocument, refIds: RefIds): Promise<void> {
    const { journal, circle } = this.#ctx;
    const name = `document:${index}`;
    const refId = doc.entity ? (refIds[doc.entity.section]?.[doc.entity.index] ?? undefined) : undefined;
    const hash = sha256([doc.sha256, doc.datumName, doc.fileName, doc.documentType, doc.issuedCountry, refId]);
    const prior = this.#steps.get(name);
    if (prior?.state === "done" && prior.inputHash === hash) return;
    if (doc.entity && !refId) throw new Error(`no refId for ${doc.entity.section}.${doc.entity.index} after the bulk save`);
    const resumed = prior?.state === "started" && prior.inputHash === hash;
    if (resumed) {
      const found = await this.#findUpload(applicationId, doc, prior);
      if (found) {
        await journal.finishStep(this.#ref, name, { documentId: found });
        this.#steps.set(name, { ...prior, state: "done", result: { documentId: found } });
        this.#step(name, "found");
        return;
      }
    }
    const bytes = await readFile(doc.absolutePath).catch((error: NodeJS.ErrnoException) => {
      throw new RecordStop("needs_attention", `document ${index} (${doc.absolutePath}) cannot be read: ${error.code ?? error.message}`);
    });
    if (createHash("sha256").update(bytes).digest("hex") !== doc.sha256) {
      throw new RecordStop("needs_attention", `document ${index} (${doc.absolutePath}) changed since the record was enqueued; run the input again to take the new file`);
    }
    const key = resumed && prior.idempotencyKey ? prior.idempotencyKey : newIdempotencyKey();
    const row = await journal.startStep(this.#ref, this.#ctx.owner, name, { idempotencyKey: key, inputHash: hash });
    let documentId: string;
    try {
      const params = {
        file: new Blob([bytes]),
        fileName: doc.fileName,
        datumName: doc.datumName,
        ...(doc.documentType === undefined ? {} : { documentType: doc.documentType }),
        ...(doc.issuedCountry === undefined ? {} : { issuedCountry: doc.issuedCountry }),
        ...(refId === undefined ? {} : { refId }),
      };
      ({ documentId } = await circle.documents.upload(applicationId, params, { idempotencyKey: key, signal: this.#effectSignal() }));
    } catch (error) {
      await this.#refused(name, error);
      if (error instanceof ConflictError) return this.#conflictOnDraft(applicationId, `upload document ${index}`, error);
      throw stopFor(error, `upload document ${index}`) ?? error;
    }
    await journal.finishStep(this.#ref, name, { documentId });
    // Kept so that a later upload's lookup in the documents list does not take this one for its own.
    this.#steps.set(name, { ...row, state: "done", result: { documentId } });
    this.#step(name, resumed ? "reconciled" : "sent");
  }

  /** A document this record's started upload left on the application: same datum and file name, uploaded since, not another step's. */
  async #findUpload(applicationId: string, doc: PreparedDocument, prior: StepRow): Promise<string | undefined> {
    const { documents } = await this.#read("list the documents", (signal) => this.#ctx.circle.documents.list(applicationId, { signal }));
    const claimed = new Set<string>();
    for (const step of this.#steps.values()) {
      const id = (step.result as { documentId?: unknown } | null)?.documentId;
      if (step.step.startsWith("document:") && typeof id === "string") claimed.add(id);
    }
    const since = prior.firstStartedAt.getTime() - this.#ctx.clockSkewMs;
    return documents.find((d) => d.datumName === doc.datumName && d.fileName === doc.fileName && !claimed.has(d.documentId) && !(Date.parse(d.uploadedAt) < since))?.documentId;
  }

  /** Submits once: a started submit is checked against the application's status, then resent with its key and body. */
  async #submit(applicationId: string): Promise<void> {
    const { journal, circle } = this.#ctx;
    const prior = this.#steps.get("submit");
    if (prior?.state === "done") return;
    let key: string;
    let body: SubmitParams;
    if (prior?.state === "started" && prior.idempotencyKey && prior.request) {
      const application = await this.#read("read the application", (signal) => circle.applications.get(applicationId, { signal }));
      if (application.status !== "DRAFT") {
        await this.#leftDraft(application);
        return;
      }
      key = prior.idempotencyKey;
      body = prior.request as SubmitParams;
    } else {
      const { submit } = this.#input.record;
      const certificationIds = submit.certificationIds ?? (await this.#read("read the certifications", (signal) => circle.applications.certifications(applicationId, { signal }))).map((c) => c.id);
      key = newIdempotencyKey();
      body = submitBody(submit, certificationIds);
    }
    // From here the application leaving DRAFT is this run's doing (see #leftDraft).
    this.#steps.set("submit", await journal.startStep(this.#ref, this.#ctx.owner, "submit", { idempotencyKey: key, request: body }));
    let result;
    try {
      result = await circle.applications.submit(applicationId, body, { idempotencyKey: key, signal: this.#effectSignal() });
    } catch (error) {
      if (error instanceof ConflictError) {
        const application = await this.#read("read the application", (signal) => circle.applications.get(applicationId, { signal }));
        if (application.status !== "DRAFT") {
          await this.#leftDraft(application);
          return;
        }
        await this.#refused("submit", error);
        const incomplete = application.sections.filter((s) => s.status !== "complete").map((s) => `${s.sectionName} (${s.status})`);
        throw new RecordStop("needs_attention", `Circle refused the submit (409): ${incomplete.length ? `sections not complete: ${incomplete.join(", ")}` : error.message}`);
      }
      await this.#refused("submit", error);
      throw stopFor(error, "submit the application") ?? error;
    }
    await journal.finishStep(this.#ref, "submit", result);
    this.#step("submit", prior ? "reconciled" : "sent");
  }
}
