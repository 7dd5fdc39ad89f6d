import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // A generated validate.js imports the package's precompiled entry point by name; in this
  // repository that is the source (the published package maps it to its build).
  resolve: { alias: { "circle-onboarding/precompiled": fileURLToPath(new URL("./src/precompiled/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "tsconfig.json",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
