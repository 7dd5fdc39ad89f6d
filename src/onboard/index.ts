// `circle-onboarding/onboard`: bulk onboarding on pg-boss with a step journal (embedded PGlite, or
// PostgreSQL for a fleet). A separate entry point: `import "circle-onboarding"` never loads it.
export { onboard, defaultStateDir, type OnboardOptions, type OnboardResult, type OnboardTuning } from "./run.js";
export type { InputProblem, OnboardRecord, RecordDocument, RecordSubmit } from "./record.js";
export { checkRecord } from "./record.js";
export { prepareInput, type PreparedDocument, type PreparedInput, type PreparedRecord, type RecordSource } from "./input.js";
export type { InvalidEvent, OnboardEvent, ProgressEvent, RecordEvent, StartEvent, StepEvent, SummaryEvent } from "./events.js";
export type { RecordState, StopCode } from "./journal.js";
export type { ReportLine } from "./report.js";
export { OnboardConfigError } from "./config-error.js";
