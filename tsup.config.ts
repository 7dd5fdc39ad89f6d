// The published build: the client as ESM (one file per module, so bundlers drop what is unused,
// such as the validator and Ajv) and as one CommonJS file, declarations for both, the bin, and the
// ESM-only circle-onboarding/testing entry.
import { defineConfig } from "tsup";

const shared = { target: "es2022", outDir: "dist" } as const;

export default defineConfig([
  // ESM keeps the module structure and shares openapi-fetch with the consumer. (`npm run build`
  // empties dist/ first: no `clean` here, which would race the Ajv helpers' bundle below.)
  {
    ...shared,
    entry: [
      "src/**/*.ts",
      "!src/cli/**",
      "!src/codegen/**",
      "!src/precompiled/ajv-runtime.ts",
      "!src/precompiled/cfworker.ts",
      "generated/operations.ts",
      "generated/statuses.ts",
      "generated/error-codes.ts",
      "generated/notifications.ts",
    ],
    outDir: "dist/esm",
    format: ["esm"],
    bundle: false,
    esbuildOptions(options) {
      options.outbase = ".";
    },
  },
  // The helpers of Ajv's standalone code (CommonJS in Ajv) and the interpreter, each bundled into
  // one ES module, so that `circle-onboarding/precompiled` loads in a browser from an import map alone.
  {
    ...shared,
    entry: { "src/precompiled/ajv-runtime": "src/precompiled/ajv-runtime.ts", "src/precompiled/cfworker": "src/precompiled/cfworker.ts" },
    outDir: "dist/esm",
    format: ["esm"],
    noExternal: ["ajv", "ajv-formats", "fast-deep-equal", "@cfworker/json-schema"],
    // One self-contained file each, at the path the unbundled modules import.
    splitting: false,
  },
  // Declarations, rolled up into one file per entry point and format.
  { ...shared, entry: { index: "src/index.ts", precompiled: "src/precompiled/index.ts", onboard: "src/onboard/index.ts" }, format: ["esm", "cjs"], dts: { only: true } },
  // circle-onboarding/testing (the Prism mock for users' tests) is ESM only, like the test runners that load it.
  { ...shared, entry: { testing: "src/testing/index.ts" }, format: ["esm"], dts: { only: true } },
  // openapi-fetch's CommonJS file exports `default` without an `__esModule` marker, so a CommonJS
  // build that requires it gets the module object instead of createClient; bundle it there.
  { ...shared, entry: { index: "src/index.ts", precompiled: "src/precompiled/index.ts" }, format: ["cjs"], noExternal: ["openapi-fetch"] },
  // `circle-onboarding/onboard` for CommonJS: pg-boss and PGlite stay external (required on first use).
  { ...shared, entry: { onboard: "src/onboard/index.ts" }, format: ["cjs"], platform: "node", noExternal: ["openapi-fetch"] },
  // The bin loads json-schema-to-typescript and the section tooling only here.
  { ...shared, entry: { cli: "src/cli/main.ts" }, format: ["esm"], platform: "node", banner: { js: "#!/usr/bin/env node" } },
]);
