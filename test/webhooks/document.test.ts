// The OpenAPI document's webhooks are the parser's contract: every documented notification
// example parses into the event its payload schema names, and the document's four notifications
// are exactly the four the parser knows.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { notificationTransitions } from "../../generated/notifications.js";
import { documentUrl } from "../../scripts/generate-paths.js";
import { localTarget } from "../../src/sections/json-pointer.js";
import { parseOnboardingNotification } from "../../src/webhooks/index.js";

type Json = Record<string, any>;
const document = parse(await readFile(documentUrl, "utf8")) as Json;
const deref = (value: Json): Json => (typeof value.$ref === "string" ? deref(localTarget(document, value.$ref) as Json) : value);

/** Each webhook with its payload schema (the `Message`'s contentSchema) and its named examples. */
const webhooks = Object.entries(document.webhooks as Json).map(([name, item]) => {
  const body = deref(item.post.requestBody).content["text/plain"];
  const payload = deref(body.schema.contentSchema.allOf[1].properties.Message.contentSchema);
  return { name, type: payload.properties.notificationType.const as string, payload, examples: Object.values(body.examples as Json).map((e) => e.value as string) };
});

describe("the document's webhooks", () => {
  it("are the four onboarding notifications the parser knows", () => {
    expect(webhooks.map((w) => w.type).sort()).toEqual(Object.keys(notificationTransitions).sort());
    expect(webhooks).toHaveLength(4);
  });

  it.each(webhooks.map((w) => [w.name, w] as const))("%s: its example parses into the event its payload schema names", (_, webhook) => {
    expect(webhook.examples.length).toBeGreaterThan(0);
    for (const example of webhook.examples) {
      const received = parseOnboardingNotification(example);
      expect(received.kind).toBe("notification");
      if (received.kind !== "notification") continue;
      expect(received.event.notificationType).toBe(webhook.type);
      expect(received.event).toEqual(JSON.parse(JSON.parse(example).Message));
      expect(Object.keys(received.event).sort()).toEqual([...webhook.payload.required].sort());
    }
  });
});
