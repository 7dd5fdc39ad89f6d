// A synthetic application schema for the generator benchmark: 40 sections of 50 fields with
// 200 conditional blocks (180 inside sections, 20 at the top level), `$defs`/`$ref`, formats,
// enums, array sections with `maxItems` and `x-documentTypes`. Seeded, so every run is the same.

import { seeded } from "../test/support/seeded.js";

type Schema = Record<string, unknown>;

/** Options of the generator; the defaults are the benchmark's. */
export interface SyntheticOptions {
  sections?: number;
  fields?: number;
  conditionals?: number;
  seed?: number;
}

const formats = ["date", "date-time", "email", "uri", "uuid"];

/** Builds the schema. */
export function syntheticSchema(options: SyntheticOptions = {}): Schema {
  const { sections = 40, fields = 50, conditionals = 200, seed = 42 } = options;
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const topLevel = Math.round(conditionals / 10);
  const perSection = Math.floor((conditionals - topLevel) / sections);
  const extra = conditionals - topLevel - perSection * sections;

  const properties: Record<string, Schema> = {};
  for (let s = 0; s < sections; s++) {
    const name = s % 2 ? `section_${s}_details` : `section${s}Info`;
    const fieldSchemas: Record<string, Schema> = {};
    const enums: { name: string; values: string[] }[] = [];
    for (let f = 0; f < fields; f++) {
      const field = f % 3 ? `field${f}` : `field_${f}_value`;
      const kind = f === 0 ? 2 : Math.floor(random() * 8);
      let schema: Schema;
      switch (kind) {
        case 0:
          schema = { type: "string", minLength: 1, maxLength: 20 + Math.floor(random() * 200) };
          break;
        case 1:
          schema = { type: "string", format: pick(formats) };
          break;
        case 2: {
          const values = Array.from({ length: 3 + Math.floor(random() * 5) }, (_, i) => `${field}Option${i}`);
          enums.push({ name: field, values });
          schema = { type: "string", enum: values };
          break;
        }
        case 3:
          schema = { type: "number", minimum: 0, maximum: 100 };
          break;
        case 4:
          schema = { type: "boolean" };
          break;
        case 5:
          schema = { $ref: "#/$defs/address" };
          break;
        case 6:
          schema = { type: "string", format: "uuid", "x-documentTypes": ["passport", "usdl", "usid"] };
          break;
        default:
          schema = { type: "array", items: { type: "string", minLength: 1 }, maxItems: 5 };
      }
      fieldSchemas[field] = { ...schema, description: `Field ${f} of section ${s}.` };
    }
    const names = Object.keys(fieldSchemas);
    const required = names.filter(() => random() < 0.3);
    const allOf: Schema[] = [];
    const count = perSection + (s < extra ? 1 : 0);
    for (let c = 0; c < count; c++) {
      const trigger = pick(enums);
      const then = { required: [pick(names), pick(names)].filter((n) => n !== trigger.name) };
      const test = random() < 0.5 ? { const: pick(trigger.values) } : { enum: trigger.values.slice(0, 2) };
      allOf.push({ if: { properties: { [trigger.name]: test }, required: [trigger.name] }, then });
    }
    const object: Schema = { type: "object", additionalProperties: false, properties: fieldSchemas, required, allOf };
    properties[name] = s % 5 === 4 ? { type: "array", maxItems: 10, items: { ...object, properties: { refId: { type: "string", format: "uuid" }, ...fieldSchemas } } } : object;
  }

  const sectionNames = Object.keys(properties);
  const flatSections = sectionNames.filter((n) => properties[n]!.type === "object");
  const allOf: Schema[] = [];
  for (let c = 0; c < topLevel; c++) {
    const parent = pick(flatSections);
    allOf.push({
      if: { properties: { [parent]: { properties: { field_0_value: { const: "field_0_valueOption0" } }, required: ["field_0_value"] } }, required: [parent] },
      then: { required: [pick(sectionNames)] },
    });
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://example.com/synthetic-application",
    title: "Synthetic application",
    type: "object",
    properties,
    allOf,
    $defs: {
      address: {
        type: "object",
        additionalProperties: false,
        properties: { line1: { type: "string", minLength: 1 }, city: { type: "string" }, postalCode: { type: "string", pattern: "^[A-Z0-9 -]{2,10}$" }, country: { type: "string", minLength: 2, maxLength: 2 } },
        required: ["line1", "country"],
      },
    },
  };
}

/** Counts what the schema holds, to print beside the timings. */
export function describeSchema(schema: Schema): { sections: number; fields: number; conditionals: number; bytes: number } {
  const sections = Object.values(schema.properties as Record<string, Schema>);
  const objectOf = (s: Schema) => (s.type === "array" ? (s.items as Schema) : s);
  return {
    sections: sections.length,
    fields: sections.reduce((n, s) => n + Object.keys(objectOf(s).properties as Schema).filter((k) => k !== "refId").length, 0),
    conditionals: sections.reduce((n, s) => n + ((objectOf(s).allOf as unknown[]) ?? []).length, 0) + (schema.allOf as unknown[]).length,
    bytes: JSON.stringify(schema).length,
  };
}
