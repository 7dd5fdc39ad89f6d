// circle-onboarding/testing: a Prism mock of the API for users' own tests. A separate entry point,
// so that `import "circle-onboarding"` never loads Node built-ins or Prism.
export { MockUnavailableError } from "./errors.js";
export { type MockOptions, type RunningMock, startMock } from "./mock.js";
export { shippedDocument } from "./prism.js";
