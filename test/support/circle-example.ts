// Circle's own conditional example (facts.md §9: an `if` on natureOfBusiness whose `then` alone
// declares cryptoExchangeLicenseNumber), in a basicBusinessInfo section closed as Circle closes
// sections. Tests of the validator, the forms and the section types read it from here.
import type { SchemaObject } from "../../src/sections/index.js";

/** The example's basicBusinessInfo section; `required` is what the test needs unconditionally. */
export function circleExampleSection(required: readonly string[]): SchemaObject {
  return {
    type: "object",
    properties: { legalName: { type: "string", minLength: 1 }, natureOfBusiness: { type: "string", enum: ["trust", "cryptoExchange", "fintech"] } },
    required: [...required],
    allOf: [
      {
        // Verbatim: no `required` in the `if`, so it also holds while natureOfBusiness is absent.
        if: { properties: { natureOfBusiness: { const: "cryptoExchange" } } },
        then: { properties: { cryptoExchangeLicenseNumber: { type: "string", minLength: 1 } }, required: ["cryptoExchangeLicenseNumber"] },
      },
    ],
    unevaluatedProperties: false,
  };
}
