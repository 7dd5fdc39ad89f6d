// The Standard Schema v1 interface (standardschema.dev), declared here rather than imported: the
// spec is meant to be carried by each library, and its types-only package would be one more
// dependency for four interfaces. Form libraries accept any object of this shape.

/** A schema that form and validation libraries can run without knowing its vendor. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The vendor-neutral entry point. */
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

/** The parts of the Standard Schema v1 interface. */
export declare namespace StandardSchemaV1 {
  /** What a Standard Schema carries under `~standard`. */
  export interface Props<Input = unknown, Output = Input> {
    /** Always 1 for this version of the spec. */
    readonly version: 1;
    /** Who implements it. */
    readonly vendor: string;
    /** Validates a value: the typed value, or the issues found. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    /** Types only (never set at run time): what the schema takes and gives. */
    readonly types?: Types<Input, Output> | undefined;
  }

  /** The outcome of `validate`. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;

  /** A value that passed. */
  export interface SuccessResult<Output> {
    /** The value, now typed. */
    readonly value: Output;
    /** Absent on success. */
    readonly issues?: undefined;
  }

  /** A value that failed. */
  export interface FailureResult {
    /** At least one issue. */
    readonly issues: ReadonlyArray<Issue>;
  }

  /** One problem, with where it is. */
  export interface Issue {
    /** One readable line. */
    readonly message: string;
    /** The keys from the validated value's root to the value at fault. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }

  /** A path key in object form. */
  export interface PathSegment {
    /** The key. */
    readonly key: PropertyKey;
  }

  /** The input and output types of a schema. */
  export interface Types<Input = unknown, Output = Input> {
    /** What `validate` takes. */
    readonly input: Input;
    /** What a success gives. */
    readonly output: Output;
  }

  /** The input type of a Standard Schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];

  /** The output type of a Standard Schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}
