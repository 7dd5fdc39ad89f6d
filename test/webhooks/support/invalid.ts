// The error a parser throws for a malformed body, checked for what every such error must be.
import { expect } from "vitest";
import { OnboardingError } from "../../../src/errors.js";
import { InvalidNotificationError } from "../../../src/webhooks/index.js";

/** Runs `parse` on `body`, asserts it throws a one-line `InvalidNotificationError` naming its field, and returns it. */
export function invalidWith(parse: (body: object) => unknown, body: unknown): InvalidNotificationError {
  let error: unknown;
  try {
    parse(body as object);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidNotificationError);
  expect(error).toBeInstanceOf(OnboardingError);
  const failure = error as InvalidNotificationError;
  expect(failure.message).not.toMatch(/\n/);
  expect(failure.message.startsWith(`${failure.field}: `)).toBe(true);
  return failure;
}
