// What a run tells its caller as it goes: one event type per thing a person or a log wants to
// see. The CLI prints them as a progress line, as periodic lines, or as JSON Lines (`--json`).
import type { InputProblem } from "./record.js";
import type { RecordState, StopCode } from "./journal.js";

/** The run began: what the input held and what the journal already knew. */
export interface StartEvent {
  type: "start";
  /** `embedded` (PGlite in the state directory) or `postgres` (`--database-url`). */
  store: "embedded" | "postgres";
  /** Records to carry through (valid, not yet submitted). */
  records: number;
  /** Valid records of the input. */
  valid: number;
  invalid: number;
  /** Records the journal already shows as submitted. */
  alreadySubmitted: number;
  /** Records that had stopped or failed before and were queued again. */
  requeued: number;
  dryRun: boolean;
}

/** A line or record of the input that cannot be run. */
export interface InvalidEvent extends InputProblem {
  type: "invalid";
}

/** A record changed state. */
export interface RecordEvent {
  type: "record";
  ref: string;
  state: RecordState | "retrying";
  code?: StopCode | "error";
  reason?: string;
  clientEntityId?: string;
  applicationId?: string;
}

/** A step of a record finished. `how` says whether it was sent, found done, or reconciled after an unknown outcome. */
export interface StepEvent {
  type: "step";
  ref: string;
  step: string;
  how: "sent" | "found" | "reconciled" | "skipped";
}

/** A periodic snapshot. */
export interface ProgressEvent {
  type: "progress";
  total: number;
  submitted: number;
  stopped: number;
  failed: number;
  /** Records being worked on now (leased), across the fleet. */
  inFlight: number;
  /** Requests per second this process sent over the last interval. */
  requestsPerSecond: number;
  /** 429 answers this process received so far. */
  tooManyRequests: number;
  /** The rate the limiter allows now, requests per second. */
  allowedRate: number | null;
  /** Seconds to go at the recent pace; null until there is a pace. */
  etaSeconds: number | null;
}

/** The run ended. */
export interface SummaryEvent {
  type: "summary";
  total: number;
  submitted: number;
  stopped: number;
  failed: number;
  invalid: number;
  /** Records not final when the run ended (a worker stopped early). */
  unfinished: number;
  requests: number;
  tooManyRequests: number;
  durationMs: number;
  reportFile: string | null;
}

/** Anything a run reports. */
export type OnboardEvent = StartEvent | InvalidEvent | RecordEvent | StepEvent | ProgressEvent | SummaryEvent;
