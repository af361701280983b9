/**
 * Helpers for the guided-setup specs: open a step card, take the 1280/390 px screenshots, start a
 * connection through the UI.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Download, type Page } from "@playwright/test";
import { resetSandbox, sandboxInfo } from "./sandbox";
import { signInAsAdmin } from "./users";

export const SCREENSHOTS = "e2e/artifacts/screenshots";

/** Opens a step's <details> card (the wizard opens only the active one) and scrolls to it. */
export async function openStep(page: Page, n: number): Promise<void> {
  const card = page.getByTestId(`step-${n}`);
  await card.evaluate((el) => {
    (el as HTMLDetailsElement).open = true;
  });
  await card.scrollIntoViewIfNeeded();
}

/** Full-page screenshots at 1280 and 390 px wide (kept as test artefacts), then back to 1280. */
export async function screenshots(page: Page, name: string, openSteps: number[] = []): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    for (const n of openSteps) await openStep(page, n);
    // From the top: a full-page capture draws the sticky header where the page was scrolled to, over the content.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    const overflow = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const clipped = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
        return false;
      };
      const culprit = [...document.querySelectorAll("body *")].find((el) => el.getBoundingClientRect().right > limit + 1 && el.getClientRects().length > 0 && !clipped(el));
      return { px: document.documentElement.scrollWidth - limit, culprit: culprit ? `${culprit.tagName.toLowerCase()}.${culprit.className} in ${culprit.closest("[data-testid]")?.getAttribute("data-testid") ?? "?"} (right ${Math.round(culprit.getBoundingClientRect().right)})` : "" };
    });
    expect(overflow.px, `${name} at ${width}px scrolls sideways (${overflow.culprit})`).toBeLessThanOrEqual(1);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** "New AWS connection" → the wizard of a fresh draft; returns its id. */
export async function startConnection(page: Page, mode: "automated" | "manual"): Promise<string> {
  await page.goto("/connections/new");
  await page.getByTestId(`mode-${mode}`).check();
  await page.getByTestId("start-setup").click();
  await expect(page).toHaveURL(/\/connections\/[^/]+\/setup$/);
  const id = /\/connections\/([^/]+)\/setup$/.exec(page.url())![1]!;
  await expect(page.getByTestId("step-1")).toBeVisible();
  return id;
}

export async function signInToAws(page: Page, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<void> {
  await openStep(page, 1);
  const form = page.getByTestId("sign-in-form");
  await form.getByTestId("input-accessKeyId").fill(credentials.accessKeyId);
  await form.getByTestId("input-secretAccessKey").fill(credentials.secretAccessKey);
  await page.getByTestId("sign-in-submit").click();
  // Once signed in, the wizard moves on and folds step 1 away: reopen it to read the result.
  await expect(page.getByTestId("caller-account")).toBeAttached({ timeout: 20_000 });
  await openStep(page, 1);
}

/**
 * A fresh sandbox, the portal admin signed in, and an automated draft signed in to the sandbox's home
 * account with these target accounts added; returns the connection id.
 */
export async function automatedDraft(page: Page, targets: string): Promise<string> {
  await resetSandbox();
  await signInAsAdmin(page);
  const id = await startConnection(page, "automated");
  await signInToAws(page, sandboxInfo().home);
  await addTargets(page, targets);
  return id;
}

/** Step 5: shows the plan and waits for it. */
export async function showPlan(page: Page): Promise<void> {
  await openStep(page, 5);
  await page.getByTestId("show-plan").click();
  await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
}

export async function addTargets(page: Page, text: string): Promise<void> {
  await openStep(page, 2);
  await page.getByTestId("input-accounts").fill(text);
  await page.getByTestId("add-targets-submit").click();
  await expect(page.getByTestId("add-targets-result")).toBeVisible();
}

export const AWS_CLI = "/usr/bin/aws";

/**
 * Runs a bash script the wizard generated (downloaded from the page) with Debian's AWS CLI against the
 * sandbox, as an administrator would against AWS: in an empty folder, with no AWS config but the given
 * keys. Returns its standard output.
 */
export async function runGeneratedScript(
  download: Download,
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: { args?: string[]; env?: (work: string) => Record<string, string>; inspect?: (work: string) => void } = {},
): Promise<string> {
  expect(fs.existsSync(AWS_CLI), `${AWS_CLI} is missing: apt-get install -y awscli`).toBe(true);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bp-e2e-cli-"));
  try {
    const script = path.join(work, download.suggestedFilename());
    await download.saveAs(script);
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: work,
      AWS_CONFIG_FILE: path.join(work, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL: sandboxInfo().endpoint,
      AWS_CLI,
      ...options.env?.(work),
    };
    // Cast: Next augments ProcessEnv with a required NODE_ENV, which a clean child environment lacks on purpose.
    const { stdout } = await promisify(execFile)("bash", [script, ...(options.args ?? [])], { env: env as NodeJS.ProcessEnv, cwd: work, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    options.inspect?.(work);
    return stdout;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
