// Headless Chromium for tests: Debian's package (installed by .ci/run), driven by playwright-core.
// The flags keep it from reaching outside hosts, which this machine's closed network refuses.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const chromiumPath = "/usr/bin/chromium";

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context on a fresh profile, and a function that closes it and removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  // Never skip: a test that needs the browser fails here, naming what to install.
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's chromium package (bash .ci/run does)`);
  const profile = await mkdtemp(join(tmpdir(), "circle-onboarding-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: flags });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
