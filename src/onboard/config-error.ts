// The error of a run that cannot start as configured; kept apart so that every part of a run can
// throw it without importing the store.

/** A configuration problem: one line for the user, exit code 2. */
export class OnboardConfigError extends Error {
  override name = "OnboardConfigError";
}
