// What a bulk save still has to send, given what the application already holds. A bulk save
// creates an entity for every array item without a `refId`, so after an answer that never came
// the save is not replayed: the record's items are matched to the entities the server has (by
// the refIds stored earlier, else by content), and only what is missing or different is sent.
import { isObject } from "../sections/schema-node.js";
import type { SectionPayload } from "../types.js";

/** Per array section, the server `refId` of each of the record's items (by index), once known. */
export type RefIds = Record<string, (string | null)[]>;

/** The outcome of matching: what to send, and the refIds known so far. */
export interface SavePlan {
  /** The sections still to send; `undefined` when the application already holds everything. */
  payload: Record<string, SectionPayload> | undefined;
  refIds: RefIds;
}

/**
 * True when `have` holds everything `want` says: every field of an object with an equal value
 * (fields `have` has beyond them are allowed, such as `refId` or a datum filled by an upload),
 * arrays item by item, strings compared without surrounding whitespace.
 */
export function holds(have: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => holds(have[i], w));
  if (isObject(want)) return isObject(have) && Object.keys(want).every((key) => holds(have[key], want[key]));
  if (typeof want === "string" && typeof have === "string") return want.trim() === have.trim();
  return Object.is(have, want) || (typeof want === "number" && typeof have === "number" && want === have);
}

/**
 * Plans a bulk save of `want` onto an application holding `have` (its `GET …/data`, or `{}` for
 * one known to be empty), starting from the refIds already stored.
 */
export function planSave(want: Record<string, SectionPayload>, have: Record<string, unknown>, known: RefIds): SavePlan {
  const payload: Record<string, SectionPayload> = {};
  const refIds: RefIds = {};
  for (const [section, wanted] of Object.entries(want)) {
    const current = have[section];
    if (!Array.isArray(wanted)) {
      // A flat section is sent whole, whichever way the server merges it: sending it again is harmless.
      if (!holds(current, wanted)) payload[section] = wanted;
      continue;
    }
    const entities = (Array.isArray(current) ? current : []).filter(isObject);
    const ids: (string | null)[] = wanted.map(() => null);
    const claimed = new Set<string>();
    const updates: Record<string, unknown>[] = [];
    // First the refIds the journal stored: those entities are this record's, whatever they hold now.
    wanted.forEach((item, i) => {
      const refId = known[section]?.[i];
      const entity = refId ? entities.find((e) => e.refId === refId) : undefined;
      if (!refId || !entity) return;
      ids[i] = refId;
      claimed.add(refId);
      if (!holds(entity, item)) updates.push({ ...item, refId });
    });
    // Then the items whose refId was never stored: an entity with the same content is theirs.
    const creates: Record<string, unknown>[] = [];
    wanted.forEach((item, i) => {
      if (ids[i] !== null) return;
      const entity = entities.find((e) => typeof e.refId === "string" && !claimed.has(e.refId) && holds(e, item));
      if (entity) {
        ids[i] = entity.refId as string;
        claimed.add(entity.refId as string);
      } else creates.push(item as Record<string, unknown>);
    });
    refIds[section] = ids;
    if (updates.length || creates.length) payload[section] = [...updates, ...creates] as SectionPayload;
  }
  return { payload: Object.keys(payload).length ? payload : undefined, refIds };
}
