// Random JSON Schemas and instances for the soundness property of the section types: small
// schemas over a few names and literals, mixing the keywords whose typing interacts (closures,
// patterns, applicators, conditionals, `unevaluated*`, references), and instances drawn from the
// same names and literals so that many of them pass.
import fc from "fast-check";

const names = ["a", "b", "c"];
const literals = [1, 1.5, "x", true, null];
const name = fc.constantFrom(...names);
const literal = fc.constantFrom(...literals);
const kind = fc.constantFrom("null", "boolean", "number", "integer", "string", "array", "object");
const pattern = fc.constantFrom("^a", "b", "^c$", "a.*", "^[ab]$", "a$", "^a.*b");
const some = <T>(item: fc.Arbitrary<T>, min: number, max: number): fc.Arbitrary<T[]> => fc.array(item, { minLength: min, maxLength: max });
const names0to2 = fc.uniqueArray(name, { maxLength: 2 });

/** Where a section's `$ref`s point: its own `$defs/d` (the caller rewrites the pointer). */
export const definitionRef = "#/$defs/d";

const { schema } = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("object"), tie("array"), tie("combination"), tie("circle"), tie("presence")),
  leaf: fc.oneof(
    fc.boolean(),
    fc.record({ type: fc.oneof(kind, fc.uniqueArray(kind, { minLength: 1, maxLength: 3 })) }),
    fc.record({ const: literal }),
    fc.record({ enum: fc.uniqueArray(literal, { minLength: 1, maxLength: 3 }) }),
    fc.constant({ $ref: definitionRef }),
  ),
  object: fc.record(
    {
      type: fc.constant("object"),
      properties: fc.dictionary(name, tie("schema"), { maxKeys: 2 }),
      required: names0to2,
      additionalProperties: fc.oneof(fc.constant(false), tie("schema")),
      unevaluatedProperties: fc.constant(false),
      patternProperties: fc.dictionary(pattern, tie("schema"), { maxKeys: 1 }),
      propertyNames: fc.record({ enum: fc.uniqueArray(name, { maxLength: 3 }) }),
      maxProperties: fc.constant(0),
      dependentSchemas: fc.dictionary(name, tie("schema"), { maxKeys: 1 }),
      dependentRequired: fc.dictionary(name, names0to2, { maxKeys: 1 }),
    },
    { requiredKeys: [] },
  ),
  array: fc.record(
    {
      type: fc.constant("array"),
      prefixItems: some(tie("schema"), 1, 2),
      items: fc.oneof(fc.constant(false), tie("schema")),
      contains: tie("schema"),
      minContains: fc.constant(0),
      unevaluatedItems: fc.oneof(fc.constant(false), tie("schema")),
      uniqueItems: fc.constant(true),
    },
    { requiredKeys: [] },
  ),
  combination: fc.oneof(
    fc.record({ allOf: some(tie("schema"), 1, 2) }),
    fc.record({ anyOf: some(tie("schema"), 1, 2) }),
    fc.record({ oneOf: some(tie("schema"), 1, 3) }),
    fc.record({ not: tie("schema") }),
    fc.record({ if: tie("schema"), then: tie("schema"), else: tie("schema") }, { requiredKeys: ["if"] }),
    fc.record({ unevaluatedProperties: fc.constant(false), allOf: some(tie("schema"), 1, 2), properties: fc.dictionary(name, tie("schema"), { maxKeys: 1 }) }, { requiredKeys: ["allOf"] }),
    fc.record({ unevaluatedItems: fc.constant(false), anyOf: some(tie("schema"), 1, 2), prefixItems: some(tie("schema"), 0, 1) }, { requiredKeys: ["anyOf"] }),
  ),
  // The shape Circle's documents use: fields, conditionals on a literal field, a closed object.
  circle: fc.record(
    {
      type: fc.constant("object"),
      properties: fc.dictionary(name, fc.oneof(tie("leaf"), tie("object"), fc.record({ enum: fc.uniqueArray(literal, { minLength: 1, maxLength: 3 }) })), { maxKeys: 3 }),
      required: fc.uniqueArray(name, { maxLength: 1 }),
      allOf: some(
        fc.record(
          {
            if: fc.record(
              { properties: fc.dictionary(name, fc.oneof(fc.record({ const: literal }), fc.record({ enum: fc.uniqueArray(literal, { minLength: 1, maxLength: 2 }) })), { minKeys: 1, maxKeys: 1 }), required: fc.uniqueArray(name, { maxLength: 1 }) },
              { requiredKeys: ["properties"] },
            ),
            then: fc.record({ properties: fc.dictionary(name, tie("schema"), { maxKeys: 2 }), required: names0to2 }, { requiredKeys: [] }),
            else: fc.record({ properties: fc.dictionary(name, tie("schema"), { maxKeys: 1 }), required: fc.uniqueArray(name, { maxLength: 1 }) }, { requiredKeys: [] }),
          },
          { requiredKeys: ["if"] },
        ),
        0,
        2,
      ),
      unevaluatedProperties: fc.constant(false),
      additionalProperties: fc.constant(false),
      dependentSchemas: fc.dictionary(name, tie("schema"), { maxKeys: 1 }),
      oneOf: some(tie("presence"), 1, 2),
    },
    { requiredKeys: ["properties"] },
  ),
  // What `oneOf` exclusions and `not` negate: names required, kinds of fields.
  presence: fc.oneof(
    fc.record({ required: fc.uniqueArray(name, { minLength: 1, maxLength: 2 }) }),
    fc.record({ properties: fc.dictionary(name, fc.constant(true), { maxKeys: 2 }), required: names0to2, type: fc.constant("object") }, { requiredKeys: ["properties"] }),
    fc.record({ not: fc.record({ required: names0to2, properties: fc.dictionary(name, tie("leaf"), { maxKeys: 2 }) }, { requiredKeys: [] }) }),
  ),
}));

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, literal, fc.dictionary(fc.constantFrom(...names, "aa", "cb"), tie("value"), { maxKeys: 3 }), fc.array(tie("value"), { maxLength: 3 })),
}));

/** A section schema, the definition its `$ref`s point to (itself without references), and instances to judge. */
export const sectionSample = fc.record({ section: schema, definition: schema, instances: fc.array(value, { minLength: 20, maxLength: 20 }) });
