// The application template the fake serves for every nature of business: one flat section with a
// document datum, one array section whose entities each take an identity document. Small on
// purpose, yet it has what onboarding at scale must get right: conditional requirements, array
// entities with server-assigned refIds, datums filled by uploads.
import type { SchemaObject } from "../../../src/sections/index.js";

/** The JSON Schema (draft 2020-12) of every application the fake creates. */
export const fakeTemplate: SchemaObject = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://fake-circle.invalid/templates/business",
  title: "Business onboarding (fake)",
  type: "object",
  properties: {
    basicBusinessInfo: {
      type: "object",
      additionalProperties: false,
      properties: {
        legalName: { type: "string", minLength: 1, maxLength: 200 },
        natureOfBusiness: { type: "string", enum: ["trust", "cryptoExchange", "paymentProcessorPlatform", "bank"] },
        cryptoExchangeLicenseNumber: { type: "string", minLength: 1 },
        website: { type: "string", format: "uri" },
        authorizedRepGovernmentId: { type: "string", format: "uuid", "x-documentTypes": ["passport", "usdl", "usid"] },
      },
      required: ["legalName", "natureOfBusiness", "authorizedRepGovernmentId"],
      allOf: [{ if: { properties: { natureOfBusiness: { const: "cryptoExchange" } }, required: ["natureOfBusiness"] }, then: { required: ["cryptoExchangeLicenseNumber"] } }],
    },
    beneficial_owners: {
      type: "array",
      minItems: 1,
      maxItems: 4,
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          refId: { type: "string", format: "uuid", readOnly: true },
          firstName: { type: "string", minLength: 1 },
          lastName: { type: "string", minLength: 1 },
          ownershipPercentage: { type: "number", minimum: 25, maximum: 100 },
          governmentId: { type: "string", format: "uuid", "x-documentTypes": ["passport", "usdl", "usid"] },
        },
        required: ["firstName", "lastName", "ownershipPercentage", "governmentId"],
      },
    },
  },
  required: ["basicBusinessInfo", "beneficial_owners"],
};
