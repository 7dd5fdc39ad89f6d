// @cfworker/json-schema, the interpreter that checks the sections Ajv may get wrong (see
// sections/interpreted.ts). Re-exported from this one file so that the published build can carry
// it inside the package (tsup.config.ts bundles this file): `circle-onboarding/precompiled` then
// imports nothing by a bare name, and a page loads it from an import map alone.
export { Validator as CfworkerValidator } from "@cfworker/json-schema";
