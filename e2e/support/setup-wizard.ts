/**
 * Helpers for the guided-setup specs: open a step card, start a connection through the UI, sign in to
 * AWS, plan, run a generated script, run the connection test.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { resetSandbox, sandboxInfo } from "./sandbox";
import { signInAsAdmin } from "./users";

/**
 * Opens wizard step card `n` if it is closed (idempotent) and returns it. Setting `open` counts as the
 * admin's choice, so the card then stays open across status changes and refreshes (components/setup/step-card.tsx).
 */
export async function openStep(page: Page, n: number): Promise<Locator> {
  const card = page.getByTestId(`step-${n}`);
  await expect(card).toBeVisible();
  await card.evaluate((el) => {
    (el as HTMLDetailsElement).open = true;
  });
  await expect(card.locator("summary").first()).toBeVisible();
  return card;
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
  await signInAsAdmin(page, null);
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

/** Clicks Test connection and waits until the run has finished; returns the final run status. */
export async function runConnectionTest(step8: Locator): Promise<string> {
  const result = step8.getByTestId("test-result");
  const previous = (await result.count()) ? await result.getAttribute("data-run-id") : null;
  await step8.getByTestId("step8-test").click();
  await expect(result).toBeVisible({ timeout: 20_000 });
  // Wait for the new run, not the previous result still on screen.
  if (previous) await expect(result).not.toHaveAttribute("data-run-id", previous, { timeout: 20_000 });
  await expect(result).not.toHaveAttribute("data-status", /queued|running/, { timeout: 45_000 });
  return (await result.getAttribute("data-status")) ?? "";
}
