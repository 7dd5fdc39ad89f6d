// The error of the testing entry point: Prism, an optional peer dependency, is not installed.
import { OnboardingError } from "../errors.js";

/** Prism's packages with the versions this package is tested with (newer ones need Node ≥ 24). */
export const prismPackages = ["@stoplight/prism-http", "@stoplight/prism-http-server", "@stoplight/prism-core"] as const;

const tested: Record<(typeof prismPackages)[number], string> = {
  "@stoplight/prism-http": "5.12.0",
  "@stoplight/prism-http-server": "5.12.2",
  "@stoplight/prism-core": "5.8.0",
};

/** The packages to install for the mock, at the versions tested: what `npm install --save-dev` takes. */
export const prismInstall = prismPackages.map((name) => `${name}@${tested[name]}`).join(" ");

/** The mock needs Prism, an optional peer dependency, and some of its packages are not installed. */
export class MockUnavailableError extends OnboardingError {
  override name = "MockUnavailableError";
  /** The packages that could not be loaded. */
  readonly missing: readonly string[];

  constructor(missing: readonly (typeof prismPackages)[number][]) {
    super(`the mock needs Prism, which is not installed (${missing.join(", ")} missing): npm install --save-dev ${prismInstall}`);
    this.missing = missing;
  }
}
