// The published build: the client as ESM and CommonJS with declarations, and the bin as ESM.
import { defineConfig } from "tsup";

const shared = { target: "es2022", outDir: "dist" } as const;

export default defineConfig([
  // ESM shares openapi-fetch with the consumer.
  { ...shared, entry: { index: "src/index.ts" }, format: ["esm"], dts: true, clean: true },
  // openapi-fetch's CommonJS file exports `default` without an `__esModule` marker, so a CommonJS
  // build that requires it gets the module object instead of createClient; bundle it there.
  { ...shared, entry: { index: "src/index.ts" }, format: ["cjs"], dts: true, noExternal: ["openapi-fetch"] },
  // The bin loads json-schema-to-typescript and the section tooling only here.
  { ...shared, entry: { cli: "src/cli/main.ts" }, format: ["esm"], platform: "node", banner: { js: "#!/usr/bin/env node" } },
]);
