// The bulk save's reconciliation: after an answer that never came, only what the application does
// not hold is sent, and every item of the record ends up with exactly one entity of its own.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holds, planSave, type RefIds } from "../../src/onboard/reconcile.js";
import type { SectionPayload } from "../../src/types.js";

/** What the server does with a bulk save: flat sections merged, items with refId updated, others created. */
function apply(have: Record<string, unknown>, payload: Record<string, SectionPayload>, newId: () => string): Record<string, unknown> {
  const next = structuredClone(have);
  for (const [section, value] of Object.entries(payload)) {
    if (!Array.isArray(value)) {
      next[section] = { ...(next[section] as object), ...value };
      continue;
    }
    const entities = ((next[section] as Record<string, unknown>[] | undefined) ?? []).slice();
    for (const item of value as Record<string, unknown>[]) {
      const at = entities.findIndex((e) => e.refId === item.refId);
      if (item.refId !== undefined && at >= 0) entities[at] = { ...entities[at], ...item };
      else entities.push({ ...item, refId: newId() });
    }
    next[section] = entities;
  }
  return next;
}

describe("holds", () => {
  it("compares what the record says, allowing what the server adds", () => {
    expect(holds({ a: 1, refId: "x", doc: "y" }, { a: 1 })).toBe(true);
    expect(holds({ a: { b: " text " } }, { a: { b: "text" } })).toBe(true);
    expect(holds({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(holds({ a: 1 }, { a: 2 })).toBe(false);
    expect(holds(undefined, { a: 1 })).toBe(false);
  });
});

describe("planSave", () => {
  const want = {
    basicBusinessInfo: { legalName: "Acme" },
    beneficial_owners: [
      { firstName: "Jane", lastName: "Doe" },
      { firstName: "John", lastName: "Doe" },
    ],
  };

  it("sends everything to an empty application", () => {
    expect(planSave(want, {}, {})).toEqual({ payload: want, refIds: { beneficial_owners: [null, null] } });
  });

  it("after a save that went through, sends nothing and finds every refId", () => {
    const have = { basicBusinessInfo: { legalName: "Acme", natureOfBusiness: "trust" }, beneficial_owners: [{ ...want.beneficial_owners[1], refId: "r2" }, { ...want.beneficial_owners[0], refId: "r1" }] };
    expect(planSave(want, have, {})).toEqual({ payload: undefined, refIds: { beneficial_owners: ["r1", "r2"] } });
  });

  it("after a save cut short, sends only the missing entity and leaves other people's entities alone", () => {
    const have = { basicBusinessInfo: { legalName: "Acme" }, beneficial_owners: [{ firstName: "Someone", lastName: "Else", refId: "r0" }, { ...want.beneficial_owners[0], refId: "r1" }] };
    expect(planSave(want, have, {})).toEqual({ payload: { beneficial_owners: [want.beneficial_owners[1]] }, refIds: { beneficial_owners: ["r1", null] } });
  });

  it("updates the entities whose refIds it stored when the record changed", () => {
    const have = { beneficial_owners: [{ firstName: "Jane", lastName: "Smith", refId: "r1" }] };
    const known: RefIds = { beneficial_owners: ["r1"] };
    expect(planSave({ beneficial_owners: [{ firstName: "Jane", lastName: "Doe" }] }, have, known)).toEqual({
      payload: { beneficial_owners: [{ firstName: "Jane", lastName: "Doe", refId: "r1" }] },
      refIds: { beneficial_owners: ["r1"] },
    });
  });

  const item = fc.record({ firstName: fc.constantFrom("A", "B", "C"), lastName: fc.constantFrom("X", "Y"), share: fc.integer({ min: 25, max: 27 }) });

  it("whatever part of a save was applied, one more plan and save leaves every item with exactly one entity", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.array(item, { maxLength: 3 }), (items, applied, foreign) => {
        let n = 0;
        const newId = () => `ref-${++n}`;
        const record = { owners: items as Record<string, unknown>[] };
        // The application holds foreign entities and the items of an earlier save that got through.
        const before = apply({}, { owners: [...foreign, ...items.filter((_, i) => applied[i])] as SectionPayload }, newId);
        const foreignIds = new Set((before.owners as { refId: string }[]).slice(0, foreign.length).map((e) => e.refId));
        const plan = planSave(record, before, {});
        const after = plan.payload ? apply(before, plan.payload, newId) : before;
        const final = planSave(record, after, plan.refIds);
        expect(final.payload).toBeUndefined();
        const ids = final.refIds.owners!;
        expect(ids.every((id) => id !== null)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        // Nothing beyond the missing items was created: foreign entities plus one per item at most.
        expect((after.owners as unknown[]).length).toBeLessThanOrEqual(foreign.length + items.length);
        // Identical foreign entities may be claimed, but only ever one entity per item.
        expect(ids.filter((id) => foreignIds.has(id!)).length).toBeLessThanOrEqual(foreign.length);
      }),
      { numRuns: 300 },
    );
  });
});
