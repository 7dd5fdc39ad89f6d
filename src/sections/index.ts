// Runtime section validation (browser- and edge-safe: no Node imports, no code generator).
export { createSchemaValidator, type SchemaValidator, type SectionSchema } from "./validator.js";
export type { StandardSchemaV1 } from "./standard-schema.js";
export type { JsonSchema, JsonValue, SchemaObject } from "./schema-node.js";
