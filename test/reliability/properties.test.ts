// Property-based tests: whatever a server sends back, the error-body parser neither crashes nor
// loses a field's path; and the dot paths of field errors name the field, whatever its name.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiErrorFor, describeBody, ValidationError } from "../../src/errors.js";
import { createSchemaValidator } from "../../src/index.js";
import { toPointer } from "../../src/sections/json-pointer.js";
import { keysOf } from "../../src/sections/field-paths.js";

const request = { method: "GET", url: "https://api-sandbox.circle.com/v1/onboarding/partner/applications/x" };
const oneLine = (text: string) => !/[\r\n\u2028\u2029]/.test(text);
// Any code point, line breaks and lone surrogates included: what a misbehaving server could send.
const text = () => fc.string({ unit: "binary" });

/** A field-error entry as Circle might send it, in its documented form or its general one, with noise. */
const entry = fc.record(
  {
    path: fc.oneof(text(), fc.constant(undefined)),
    location: fc.oneof(text(), fc.constant(undefined)),
    code: fc.oneof(text(), fc.integer(), fc.constant(undefined)),
    error: fc.oneof(text(), fc.constant(undefined)),
    message: fc.oneof(text(), fc.constant(null)),
    invalidValue: fc.anything(),
  },
  { requiredKeys: [] },
);
const circleBody = fc.record({ code: fc.oneof(fc.integer(), text()), message: fc.oneof(text(), fc.constant(undefined)), errors: fc.array(fc.oneof(entry, fc.anything()), { maxLength: 8 }) }, { requiredKeys: [] });

describe("the error-body parser", () => {
  it("never throws, and always gives a one-line message and well-formed field errors", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything({ stringUnit: "binary" }), text(), circleBody), (body) => {
        const described = describeBody(body);
        expect(typeof described.message).toBe("string");
        expect(described.message.length).toBeGreaterThan(0);
        expect(oneLine(described.message)).toBe(true);
        for (const f of described.fieldErrors) {
          expect([typeof f.path, typeof f.code, typeof f.message]).toEqual(["string", "string", "string"]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every field error's path, from `path` or else Circle's `location`", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), (errors) => {
        const described = describeBody({ code: 422, message: "Validation failed", errors });
        expect(described.fieldErrors).toHaveLength(errors.length);
        errors.forEach((e, i) => {
          const expected = e.path ? e.path : e.location ? e.location : "";
          expect(described.fieldErrors[i]!.path).toBe(expected);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("builds the right error class with a one-line message for any status and body", () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.oneof(fc.anything({ stringUnit: "binary" }), text(), circleBody), (status, body) => {
        const error = apiErrorFor({ status, headers: new Headers(), body: body as never, request });
        expect(error.status).toBe(status);
        expect(oneLine(error.message)).toBe(true);
        expect(error.message.startsWith(`${status} `)).toBe(true);
        if (status === 422) expect(error).toBeInstanceOf(ValidationError);
        expect(() => JSON.stringify(error)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("dot paths", () => {
  it("map any JSON pointer back to its segments, prefixed with the section", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.string(), { maxLength: 6 }), fc.option(fc.string()), (section, segments, missing) => {
        const params = missing === null ? {} : { missingProperty: missing };
        const path = [section, ...keysOf({ instancePath: toPointer(segments), params, keyword: "required", schemaPath: "#" }, undefined)].join(".");
        expect(path).toBe([section, ...segments, ...(missing === null ? [] : [missing])].join("."));
      }),
      { numRuns: 2000 },
    );
  });

  it("name the failing field of a real payload, whatever the field is called", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat({ max: 3 }), (field, index) => {
        fc.pre(field !== "__proto__");
        const schema = {
          type: "object",
          properties: {
            owners: { type: "array", items: { type: "object", properties: { [field]: { type: "integer" } }, required: [field] } },
          },
        };
        const validator = createSchemaValidator(schema);
        const owners: Record<string, unknown>[] = Array.from({ length: index + 1 }, () => ({ [field]: 1 }));
        owners[index] = { [field]: "not an integer" };
        expect(validator.validateSection("owners", owners)).toEqual([expect.objectContaining({ path: `owners.${index}.${field}`, code: "type" })]);
        owners[index] = {};
        expect(validator.validateSection("owners", owners)).toEqual([expect.objectContaining({ path: `owners.${index}.${field}`, code: "required" })]);
      }),
      { numRuns: 300 },
    );
  });
});
