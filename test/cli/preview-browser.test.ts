// The preview page in a real browser (headless Chromium through playwright-core): it loads under
// `script-src 'self'` with the precompiled validator, every control is labelled and named by its
// dot path, conditional fields appear (required) and go as answers change, errors show as the
// user types, and the save payload is pruned. Keeps a screenshot in test-artifacts/.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPreview } from "../../src/cli/preview.js";
import { launchBrowser } from "../support/browser.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const artifacts = `${root}test-artifacts`;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let stop!: () => void;
let done: Promise<number>;
const problems: string[] = [];

beforeAll(async () => {
  let announce!: (url: string) => void;
  const url = new Promise<string>((resolve) => (announce = resolve));
  done = runPreview(["--schema-file", "test/fixtures/schemas/circle-forms.json"], {
    stdout: (t) => announce(t.trim()),
    stderr: () => {},
    env: {},
    cwd: root,
    until: new Promise<void>((resolve) => (stop = resolve)),
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // Any script error or refused resource (a CSP violation is a console error) fails the test.
  page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  page.on("pageerror", (error) => void problems.push(error.message));
  await page.goto(await url);
  await page.waitForSelector("body[data-ready=true]");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  stop();
  await done;
});

const control = (path: string) => page.locator(`[name="${path}"]`);
const row = (path: string) => page.locator(`[data-path="${path}"]`);
const errorOf = async (path: string) => (await row(path).locator(".error").isVisible()) ? row(path).locator(".error").innerText() : "";

describe("the preview page in Chromium", () => {
  it("loads under its CSP with no error, every control labelled and named by its dot path", async () => {
    expect(problems).toEqual([]);
    const controls = await page.locator("form input, form select, form textarea").evaluateAll((nodes) =>
      nodes.map((n) => ({ name: n.getAttribute("name"), labels: (n as HTMLInputElement).labels?.length ?? 0 })),
    );
    expect(controls.length).toBeGreaterThan(10);
    for (const c of controls) {
      expect(c.labels, `${c.name} has a label`).toBeGreaterThan(0);
      expect(c.name).toMatch(/^[A-Za-z_]+(\.[A-Za-z0-9_]+)+$/);
    }
    expect(await page.locator("fieldset:not(:has(> legend))").count()).toBe(0);
    expect(await control("basicBusinessInfo.legalName").getAttribute("aria-required")).toBe("true");
    expect(await control("basicBusinessInfo.legalName").evaluate((n) => (n as HTMLInputElement).required)).toBe(true);
  });

  it("shows a field that waits for an answer greyed, with what it waits for", async () => {
    await expect.poll(() => row("basicBusinessInfo.cryptoExchangeLicenseNumber").getAttribute("class")).toContain("pending");
    expect(await row("basicBusinessInfo.cryptoExchangeLicenseNumber").locator(".note").innerText()).toBe(
      "Waits for an answer to Nature of business (basicBusinessInfo.natureOfBusiness): asked or not depending on it.",
    );
    expect(await control("basicBusinessInfo.cryptoExchangeLicenseNumber").getAttribute("aria-required")).toBe("false");
  });

  it("choosing a nature of business brings the conditional field in, required; typing shows the server's errors", async () => {
    await control("basicBusinessInfo.natureOfBusiness").selectOption({ label: "Crypto exchange" });
    const license = control("basicBusinessInfo.cryptoExchangeLicenseNumber");
    expect(await row("basicBusinessInfo.cryptoExchangeLicenseNumber").getAttribute("class")).not.toContain("pending");
    expect(await license.getAttribute("aria-required")).toBe("true");
    expect(await page.locator(`label[for="${await license.getAttribute("id")}"]`).innerText()).toContain("Crypto exchange license number *");
    // The fintech branch is gone from the page, the crypto one is there.
    expect(await control("basicBusinessInfo.fintechCharter").count()).toBe(0);
    expect(await control("basicBusinessInfo.amlPolicyDocument").getAttribute("aria-required")).toBe("true");
    expect(await page.locator("#announcements").innerText()).toMatch(/No longer asked: .*Charter/);

    await control("basicBusinessInfo.website").pressSequentially("not a url");
    expect(await errorOf("basicBusinessInfo.website")).toBe("must be a valid URI");
    expect(await control("basicBusinessInfo.website").getAttribute("aria-invalid")).toBe("true");
    expect(await control("basicBusinessInfo.website").getAttribute("aria-describedby")).toContain(`${await control("basicBusinessInfo.website").getAttribute("id")}-error`);
    // Typing keeps the focus where it is, although the form is redrawn on every key.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("basicBusinessInfo.website");
    await control("basicBusinessInfo.website").fill("https://acme.test");
    expect(await errorOf("basicBusinessInfo.website")).toBe("");
    expect(await control("basicBusinessInfo.website").getAttribute("aria-invalid")).toBe("false");
    await license.fill("L-1");
    await control("basicBusinessInfo.legalName").fill("Acme");
  });

  it("switching branch takes the field away, and the save payload leaves its answer out", async () => {
    await control("basicBusinessInfo.natureOfBusiness").selectOption({ label: "Fintech" });
    expect(await control("basicBusinessInfo.cryptoExchangeLicenseNumber").count()).toBe(0);
    expect(await control("basicBusinessInfo.website").count()).toBe(0);
    expect(await control("basicBusinessInfo.fintechCharter").count()).toBe(2);
    expect(await row("basicBusinessInfo.fintechCharter").getAttribute("aria-required")).toBe("true");

    const section = page.locator('section[data-section="basicBusinessInfo"]');
    await section.getByRole("button", { name: "Show the save payload" }).click();
    expect(JSON.parse(await section.locator(".payload code").innerText())).toEqual({ legalName: "Acme", natureOfBusiness: "fintech" });
    expect(await section.locator(".payload").innerText()).toContain("PUT /v1/onboarding/partner/applications/{applicationId}/sections/basicBusinessInfo");
    // Asking for the payload shows every error the save would get.
    expect(await errorOf("basicBusinessInfo.fintechCharter")).toBe("fintechCharter is required");
    await row("basicBusinessInfo.fintechCharter").getByLabel("National").check();
    expect(await errorOf("basicBusinessInfo.fintechCharter")).toBe("");
    expect(JSON.parse(await section.locator(".payload code").innerText())).toEqual({ legalName: "Acme", natureOfBusiness: "fintech", fintechCharter: "national" });
    // Back to the exchange: the earlier answer is still there to be sent again.
    await control("basicBusinessInfo.natureOfBusiness").selectOption({ label: "Crypto exchange" });
    expect(await control("basicBusinessInfo.cryptoExchangeLicenseNumber").inputValue()).toBe("L-1");
    expect(JSON.parse(await section.locator(".payload code").innerText())).toMatchObject({ cryptoExchangeLicenseNumber: "L-1", website: "https://acme.test" });
  });

  it("a section switched on by another's answer, with entities whose own answers decide their fields", async () => {
    const owners = page.locator('section[data-section="beneficial_owners"]');
    expect(await owners.locator(".status").innerText()).toMatch(/^Waits for an answer to Anyone owns 25% or more/);
    await row("basicBusinessInfo.beneficialOwnersExist").getByLabel("Yes").check();
    expect(await owners.locator(".status").innerText()).toBe("Required section");
    await owners.getByRole("button", { name: "Add to Beneficial owners" }).click();
    await control("beneficial_owners.0.firstName").fill("Jane");
    await row("beneficial_owners.0.isUsPerson").getByLabel("No").check();
    expect(await control("beneficial_owners.0.nationality").getAttribute("aria-required")).toBe("true");
    expect(await control("beneficial_owners.0.ssnLast4").count()).toBe(0);
    await control("beneficial_owners.0.nationality").fill("fr");
    expect(await errorOf("beneficial_owners.0.nationality")).toMatch(/^must match the pattern \^\[A-Z\]\{2\}\$/);
    await control("beneficial_owners.0.nationality").fill("FR");
    await owners.getByRole("button", { name: "Show the save payload" }).click();
    expect(JSON.parse(await owners.locator(".payload code").innerText())).toEqual([{ firstName: "Jane", isUsPerson: false, nationality: "FR" }]);
    expect(await owners.locator(".section-errors").innerText()).toBe("");
    expect(await errorOf("beneficial_owners.0.lastName")).toBe("lastName is required");

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}/preview.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
