// The published build: the client as ESM (one file per module, so bundlers drop what is unused,
// such as the validator and Ajv) and as one CommonJS file, declarations for both, the bin, and the
// ESM-only circle-onboarding/testing entry.
import { defineConfig } from "tsup";

const shared = { target: "es2022", outDir: "dist" } as const;

export default defineConfig([
  // ESM keeps the module structure and shares openapi-fetch with the consumer.
  {
    ...shared,
    entry: ["src/**/*.ts", "!src/cli/**", "!src/codegen/**", "generated/operations.ts", "generated/statuses.ts", "generated/error-codes.ts", "generated/notifications.ts"],
    outDir: "dist/esm",
    format: ["esm"],
    bundle: false,
    clean: true,
    esbuildOptions(options) {
      options.outbase = ".";
    },
  },
  // Declarations, rolled up into one file per format.
  { ...shared, entry: { index: "src/index.ts", onboard: "src/onboard/index.ts" }, format: ["esm", "cjs"], dts: { only: true } },
  // circle-onboarding/testing (the Prism mock for users' tests) is ESM only, like the test runners that load it.
  { ...shared, entry: { testing: "src/testing/index.ts" }, format: ["esm"], dts: { only: true } },
  // openapi-fetch's CommonJS file exports `default` without an `__esModule` marker, so a CommonJS
  // build that requires it gets the module object instead of createClient; bundle it there.
  { ...shared, entry: { index: "src/index.ts" }, format: ["cjs"], noExternal: ["openapi-fetch"] },
  // `circle-onboarding/onboard` for CommonJS: pg-boss and PGlite stay external (required on first use).
  { ...shared, entry: { onboard: "src/onboard/index.ts" }, format: ["cjs"], platform: "node", noExternal: ["openapi-fetch"] },
  // The bin loads json-schema-to-typescript and the section tooling only here.
  { ...shared, entry: { cli: "src/cli/main.ts" }, format: ["esm"], platform: "node", banner: { js: "#!/usr/bin/env node" } },
]);
