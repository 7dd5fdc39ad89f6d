import { describe, expect, it } from "vitest";
import { sectionEntity } from "../../src/sections/section-entity.js";

const root = {
  properties: {
    flat: { type: "object", properties: { a: { type: "string" } } },
    typed: { type: "array", items: { type: "object" } },
    untyped: { items: { type: "object" } },
    nullable: { type: ["array", "null"], items: { type: "object" } },
    referenced: { $ref: "#/$defs/owners" },
    extended: { $ref: "#/$defs/owners", required: ["x"] },
    objectWithItems: { type: "object", items: { type: "string" } },
    "a/b": { type: "array", items: {} },
  },
  $defs: { owners: { type: "array", items: { $ref: "#/$defs/person" } }, person: { type: "object" } },
};

describe("sectionEntity: one rule for which sections are arrays", () => {
  it.each([
    ["flat", { pointer: "/properties/flat", isArray: false }],
    ["typed", { pointer: "/properties/typed/items", isArray: true }],
    ["untyped", { pointer: "/properties/untyped/items", isArray: true }],
    ["nullable", { pointer: "/properties/nullable/items", isArray: true }],
    ["referenced", { pointer: "/$defs/owners/items", isArray: true }],
    ["extended", { pointer: "/properties/extended", isArray: false }],
    ["objectWithItems", { pointer: "/properties/objectWithItems", isArray: false }],
    ["a/b", { pointer: "/properties/a~1b/items", isArray: true }],
  ])("%s", (name, expected) => {
    expect(sectionEntity(root, name)).toEqual(expected);
  });

  it("ends on a $ref cycle without hanging", () => {
    const cyclic = { properties: { loop: { $ref: "#/$defs/a" } }, $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } } };
    expect(sectionEntity(cyclic, "loop").isArray).toBe(false);
  });
});
