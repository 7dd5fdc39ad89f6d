// Renders generated/notifications.ts: for each onboarding notification of the document (the
// members of `OnboardingEvent`), the status it reports and the statuses it can come from, so the
// webhook parser checks exactly what the generated payload types promise.

import { isObject } from "../../src/sections/schema-node.js";

type Json = Record<string, unknown>;

/** A `const`, or an `enum`'s values, as a list. */
function values(schema: unknown, where: string): unknown[] {
  if (isObject(schema) && "const" in schema) return [schema.const];
  if (isObject(schema) && Array.isArray(schema.enum)) return schema.enum;
  throw new Error(`${where}: expected a const or an enum`);
}

/** The transition table of `components.schemas.OnboardingEvent`. */
export function renderNotificationRules(document: Json, banner: string): string {
  const schemas = (isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {}) as Json;
  const union = schemas.OnboardingEvent;
  if (!isObject(union) || !Array.isArray(union.oneOf)) throw new Error("components.schemas.OnboardingEvent needs a oneOf of the notification payloads");
  const rows = union.oneOf.map((member) => {
    const ref = isObject(member) && typeof member.$ref === "string" ? member.$ref : "";
    const name = ref.replace("#/components/schemas/", "");
    const schema = schemas[name];
    if (!ref.startsWith("#/components/schemas/") || !isObject(schema) || !isObject(schema.properties)) throw new Error(`OnboardingEvent: ${ref || "an inline member"} is not a component with properties`);
    const [type, ...more] = values(schema.properties.notificationType, `${name}.notificationType`);
    const status = values(schema.properties.status, `${name}.status`);
    if (typeof type !== "string" || more.length || status.length !== 1) throw new Error(`${name}: notificationType and status must each be one const`);
    const previous = values(schema.properties.previousStatus, `${name}.previousStatus`);
    return `  ${JSON.stringify(type)}: { status: ${JSON.stringify(status[0])}, previousStatus: ${JSON.stringify(previous)} },`;
  });
  const version = values(schemas.NotificationVersion, "NotificationVersion");
  if (version.length !== 1 || !Number.isInteger(version[0])) throw new Error("NotificationVersion: expected one integer const");
  return `${banner}import type { components } from "./openapi.js";

type Event = components["schemas"]["OnboardingEvent"];
type Rule<T extends Event["notificationType"]> = { status: Extract<Event, { notificationType: T }>["status"]; previousStatus: readonly Extract<Event, { notificationType: T }>["previousStatus"][] };

/** Per onboarding notification type, the status it reports and the statuses it can come from. */
export const notificationTransitions = {
${rows.join("\n")}
} as const satisfies { readonly [T in Event["notificationType"]]: Rule<T> };

/** The payload version every onboarding notification carries. */
export const notificationVersion = ${version[0]} satisfies Event["version"];
`;
}
