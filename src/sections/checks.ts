// The compiled checks a validator is assembled from: Ajv's functions, compiled at run time or
// precompiled into `validate.js`. Declared here so that neither the validator's assembly nor the
// precompiled entry point needs Ajv's types.

/** One error as Ajv's compiled code reports it. */
export interface CheckError {
  /** The failing keyword (`required`, `if`, `anyOf`, ...). */
  keyword: string;
  /** JSON pointer of the failing value inside the validated data. */
  instancePath: string;
  /** URI fragment of the failing keyword in the schema (`#/properties/a/minLength`). */
  schemaPath: string;
  /** The keyword's details (`missingProperty`, `limit`, ...). */
  params: Readonly<Record<string, unknown>>;
  /** Ajv's own message. */
  message?: string | undefined;
  /** The keyword's value (compiled with Ajv's `verbose`): tells which branch of a combinator a `$ref`'s error is from. */
  schema?: unknown;
}

/** A compiled subschema: true when the data is valid, with its errors left in `errors` otherwise. */
export interface CompiledCheck {
  (data: unknown): boolean;
  /** The errors of the last call that failed. */
  errors?: readonly CheckError[] | null | undefined;
}
