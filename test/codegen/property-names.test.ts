// patternProperties as template literal types: which expressions translate, into what, and whether
// the template matches exactly the names the expression matches (it types their values then) or
// more (it only lets them through a closed object).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyTemplate, literalName } from "../../src/codegen/property-names.js";

/** The names a template literal type admits, as a regular expression (`${string}` is any text, line breaks included). */
function templateRegex(text: string): RegExp {
  const body = text.slice(1, -1);
  const parts = body.split("${string}").map((part) => part.replace(/\\([`\\$])/g, "$1").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`^${parts.join("[^]*")}$`, "u");
}

describe("keyTemplate", () => {
  it.each([
    ["^x-", "`x-${string}`", true],
    ["Id$", "`${string}Id`", true],
    ["tmp", "`${string}tmp${string}`", true],
    ["b.*", "`${string}b${string}`", true],
    ["^a.*", "`a${string}`", true],
    ["^", "`${string}`", true],
    ["f.*o", "`${string}f${string}o${string}`", false],
    ["^a.+$", "`a${string}`", false],
    ["a\\.b", "`${string}a.b${string}`", true],
    ["^a`b\\$", "`a\\`b$${string}`", true],
  ])("%s → %s (exact: %s)", (pattern, text, exact) => {
    expect(keyTemplate(pattern)).toMatchObject({ text, exact });
  });

  it("gives no template for a single name, a class, a quantifier, a group or an invalid expression", () => {
    for (const pattern of ["^abc$", "[0-9]", "a*", "a{2}", "(a|b)", "\\d", "a?", "("]) expect(keyTemplate(pattern), pattern).toBeUndefined();
    expect(literalName("^abc$")).toBe("abc");
    expect(literalName("^a\\.b$")).toBe("a.b");
    expect(literalName("^a")).toBeUndefined();
  });

  it("matches exactly the names the expression matches when it says it is exact, and more otherwise", () => {
    const patterns = ["^x-", "Id$", "tmp", "b.*", "^a.*", "f.*o", "^a.+$", "a\\.b", ".*a.*b", "^ab.*c$"];
    const names = fc.string({ unit: fc.constantFrom("a", "b", "c", "f", "o", "x", "-", ".", "I", "d", "\n"), maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...patterns), names, (pattern, name) => {
        const template = keyTemplate(pattern)!;
        const byTemplate = templateRegex(template.text).test(name);
        const byPattern = new RegExp(pattern, "u").test(name);
        return template.exact ? byTemplate === byPattern : byTemplate || !byPattern;
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});
