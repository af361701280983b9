/**
 * Helpers for the guided-setup specs: open a step card, take the 1280/390 px screenshots, start a
 * connection through the UI.
 */
import { expect, type Page } from "@playwright/test";

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

export async function addTargets(page: Page, text: string): Promise<void> {
  await openStep(page, 2);
  await page.getByTestId("input-accounts").fill(text);
  await page.getByTestId("add-targets-submit").click();
  await expect(page.getByTestId("add-targets-result")).toBeVisible();
}
