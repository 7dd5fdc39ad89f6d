// The onboarding lifecycle, step by step, through the package's public API. It knows nothing of
// the application's template: payloads are sampled from whatever schema the API returns, so the
// same steps run on the embedded mock and on Circle's sandbox.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSyncSchema } from "../../src/cli/sync-schema.js";
import { ConflictError, createSchemaValidator, DeviceCheckRequiredError, type OnboardingClient, type SectionSummary, ValidationError } from "../../src/index.js";
import { documentField, sample, sectionSchema } from "./sample.js";

/** Where the lifecycle prints, and what it is run against. */
export interface LifecycleOptions {
  circle: OnboardingClient;
  /** `mock`: the embedded Prism mock; `live`: Circle's sandbox (records are real). */
  target: "mock" | "live";
  print: (line: string) => void;
}

type Schema = Record<string, unknown>;

const short = (id: string | undefined) => (id ? `${id.slice(0, 8)}…` : "(none)");
/** A section and its status; Circle's examples leave the status out, so it may be absent. */
const named = (s: Pick<SectionSummary, "sectionName"> & { status?: string | undefined }) => `${s.sectionName} ${s.status ?? "(no status)"}`;

/** Runs every step; throws (with the step named) at the first failure. */
export async function runLifecycle({ circle, target, print }: LifecycleOptions): Promise<{ calls: number }> {
  let calls = 0;
  let number = 0;
  const step = async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    number++;
    try {
      return await body();
    } catch (error) {
      throw new Error(`step ${number} (${title}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  const call = <T>(promise: Promise<T>): Promise<T> => {
    calls++;
    return promise;
  };
  const line = (title: string, result: string) => print(`${String(number).padStart(2)}. ${title.padEnd(32)} ${result}`);
  const detail = (text: string) => print(`${" ".repeat(37)}${text}`);

  const created = await step("Create a client", async () => {
    const name = target === "live" ? `circle-onboarding demo ${new Date().toISOString()}` : "Acme Trust Co.";
    const client = await call(
      circle.clients.create({ clientName: name, country: "US", clientType: "business", businessDetails: { natureOfBusiness: "trust", institutionType: "trust" } }),
    );
    line("Create a client", `client ${short(client.clientEntityId)}, draft application ${short(client.applicationId)}`);
    return client;
  });
  const { applicationId } = created;

  const schema = (await step("Read the application schema", async () => {
    const s = await call(circle.applications.schema(applicationId));
    const names = Object.keys((s.properties as Schema | undefined) ?? {});
    if (!names.length) throw new Error("the schema names no sections");
    line("Read the application schema", `${names.length} sections: ${names.join(", ")}`);
    return s;
  })) as Schema;
  const validator = createSchemaValidator(schema);

  await step("Generate its section types", async () => {
    const dir = await mkdtemp(join(tmpdir(), "circle-onboarding-"));
    await writeFile(join(dir, "schema.input.json"), JSON.stringify(schema));
    let errors = "";
    const code = await runSyncSchema(["--schema-file", join(dir, "schema.input.json"), "--out", join(dir, "sections")], {
      stdout: () => undefined,
      stderr: (t) => void (errors += t),
      env: {},
      cwd: dir,
    });
    if (code !== 0) throw new Error(errors.trim().split("\n").at(-1) ?? `sync-schema exited ${code}`);
    const source = await readFile(join(dir, "sections/index.ts"), "utf8");
    const types = [...source.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]!);
    line("Generate its section types", `${join(dir, "sections/index.ts")}`);
    detail(`${source.split("\n").length} lines: ${types.join(", ")}`);
  });

  await step("List the sections", async () => {
    const list = await call(circle.sections.list(applicationId));
    line("List the sections", list.sections.map(named).join(", "));
  });

  const flat = validator.sectionNames.find((name) => sectionSchema(schema, name)?.type !== "array") ?? validator.sectionNames[0]!;
  await step("Save a section", async () => {
    const valid = sample(schema, sectionSchema(schema, flat)) as Record<string, unknown>;
    // One required field left out and one the schema does not know: refused before sending.
    const required = ((sectionSchema(schema, flat)?.required as string[] | undefined) ?? [])[0];
    const invalid: Record<string, unknown> = { ...valid, unexpectedField: true };
    if (required) delete invalid[required];
    try {
      await call(circle.sections.save(applicationId, flat, invalid, { validator }));
      throw new Error("the validator let an invalid payload through");
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.preflight) throw error;
      line("Save a section", `refused before sending: ${error.message}`);
      for (const e of error.fieldErrors) detail(`${e.path.padEnd(36)} ${e.code.padEnd(22)} ${e.message}`);
    }
    const problems = validator.validateSection(flat, valid);
    if (problems.length) throw new Error(`the sampled ${flat} payload is invalid: ${problems.map((p) => `${p.path} ${p.code}`).join(", ")}`);
    const saved = await call(circle.sections.save(applicationId, flat, valid, { validator }));
    const status = saved.sections.find((s) => s.sectionName === flat)?.status ?? "saved";
    detail(`then saved a valid ${flat}: ${status}${saved.sectionsChanged ? " (the section list changed)" : ""}`);
  });

  const bulk = await step("Save several sections at once", async () => {
    const data = Object.fromEntries(validator.sectionNames.map((name) => [name, sample(schema, sectionSchema(schema, name))]));
    const result = await call(circle.applications.saveData(applicationId, data as never, { validator }));
    line("Save several sections at once", `${Object.keys(data).length} sections; now ${result.sections.map(named).join(", ")}`);
    const required = validator.requiredSections(data);
    const missing = required.filter((name) => !(name in data));
    detail(`${required.length} of ${validator.sectionNames.length} sections required by the data${missing.length ? `; missing: ${missing.join(", ")}` : ", all saved"}`);
    return result;
  });

  await step("Upload a document", async () => {
    const field = documentField(schema);
    if (!field) {
      line("Upload a document", "skipped: the schema has no document field (x-documentTypes)");
      return;
    }
    const entities = (bulk.data as Record<string, unknown>)[field.section];
    const refId = field.array && Array.isArray(entities) ? (entities[0] as { refId?: string } | undefined)?.refId : undefined;
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const { documentId } = await call(
      circle.documents.upload(applicationId, {
        file: pdf,
        fileName: "passport.pdf",
        datumName: field.field,
        ...(field.documentTypes[0] ? { documentType: field.documentTypes[0] as never } : {}),
        issuedCountry: "US",
        ...(refId ? { refId } : {}),
      }),
    );
    line("Upload a document", `passport.pdf (${pdf.length} bytes) for ${field.section}.${field.field} → document ${short(documentId)}`);
  });

  const certifications = await step("List the certifications", async () => {
    const list = await call(circle.applications.certifications(applicationId));
    line("List the certifications", `${list.length} to agree to${list.length ? `: ${list.map((c) => short(c.id)).join(", ")}` : ""}`);
    return list;
  });

  await step("Submit", async () => {
    try {
      const result = await call(
        circle.applications.submit(applicationId, {
          endUserAgreesToTermsOfService: true,
          endUserIpAddress: "203.0.113.7",
          certificationIds: certifications.map((c) => c.id),
        }),
      );
      line("Submit", `${result.status}`);
    } catch (error) {
      // On a live application sampled data may leave sections incomplete (409), and a Stablecoin KYB
      // template wants the end user's browser device check first (404, code 181110): both are reported.
      if (target === "live" && (error instanceof ConflictError || error instanceof DeviceCheckRequiredError)) line("Submit", `not submitted: ${error.message}`);
      else throw error;
    }
  });

  await step("Read the application status", async () => {
    const application = await call(circle.applications.get(applicationId));
    const note = target === "mock" ? " (a mock answers its first example, whatever came before)" : "";
    line("Read the application status", `${application.status}; ${application.sections.length} sections, ${application.pendingRfis.length} open RFI bundles${note}`);
  });

  await step("List applications across pages", async () => {
    let pages = 0;
    let count = 0;
    for await (const page of circle.applications.list({ limit: 1 }).pages()) {
      calls++;
      pages++;
      count += page.items.length;
      if (pages >= 3) break;
    }
    line("List applications across pages", `${count} applications over ${pages} pages`);
  });

  return { calls };
}
