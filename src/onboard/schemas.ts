// Application schemas by template (nature of business and institution type). The live schema of
// each application is read before its data is sent; the last one read for a template is kept in
// memory and in the journal, so that the records after the first of a template are checked
// before anything at all (even the client) is created for them.
import { createHash } from "node:crypto";
import { createSchemaValidator, type SchemaValidator } from "../sections/index.js";
import { sortKeysDeep } from "../sections/schema-node.js";
import type { Journal } from "./journal.js";
import type { OnboardRecord } from "./record.js";

/** The template a record's application will have. */
export function templateOf(record: OnboardRecord): string {
  const { natureOfBusiness, institutionType } = record.client.businessDetails;
  return `${natureOfBusiness}/${institutionType}`;
}

/** A compiled schema and when it was read. */
export interface KnownSchema {
  validator: SchemaValidator;
  readAt: Date;
}

/** Compiled validators by schema content, shared by every record of a process. */
const compiled = new Map<string, SchemaValidator>();

function validatorOf(schema: unknown): { key: string; validator: SchemaValidator } {
  // Keys sorted: the journal keeps the schema as jsonb, which reorders keys, and the schema read back
  // must be known as the live one it was.
  const key = createHash("sha256").update(JSON.stringify(sortKeysDeep(schema))).digest("hex");
  let validator = compiled.get(key);
  if (!validator) {
    if (compiled.size >= 32) compiled.delete(compiled.keys().next().value!);
    validator = createSchemaValidator(schema);
    compiled.set(key, validator);
  }
  return { key, validator };
}

/** The schemas a run has read, per template. */
export class SchemaCache {
  readonly #journal: Journal;
  readonly #latest = new Map<string, { key: string; known: KnownSchema }>();

  constructor(journal: Journal) {
    this.#journal = journal;
  }

  /** The last schema read for the template, by this process or an earlier run; undefined before the first. */
  async known(template: string): Promise<KnownSchema | undefined> {
    const latest = this.#latest.get(template);
    if (latest) return latest.known;
    const stored = await this.#journal.schema(template);
    if (!stored) return undefined;
    const { key, validator } = validatorOf(stored.schema);
    const known = { validator, readAt: stored.readAt };
    this.#latest.set(template, { key, known });
    return known;
  }

  /** A live schema just read: compiled (once per content), and kept for the template when it is new. */
  async update(template: string, schema: unknown): Promise<SchemaValidator> {
    const { key, validator } = validatorOf(schema);
    if (this.#latest.get(template)?.key !== key) {
      this.#latest.set(template, { key, known: { validator, readAt: new Date() } });
      await this.#journal.storeSchema(template, schema);
    }
    return validator;
  }
}
