// Runtime section validation (browser- and edge-safe: no Node imports, no code generator).
export { createSchemaValidator, type SchemaValidator } from "./validator.js";
export type { JsonSchema, JsonValue, SchemaObject } from "./schema-node.js";
