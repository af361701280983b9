/**
 * Shared moves of the step 7/8 specs: open a step card, run the connection test and wait for its
 * outcome, and take the 1280/390 px screenshots kept as artefacts.
 */
import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Opens step card `n` if it is closed (idempotent). Setting `open` counts as the admin's choice, so the
 * card then stays open across status changes and refreshes (components/setup/step-card.tsx).
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

/** Full-page screenshots at the two widths the issue asks for. */
export async function screenshots(page: Page, name: string, focus?: Locator): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    if (focus) await focus.scrollIntoViewIfNeeded();
    // From the top: a full-page capture draws the sticky header where the page was scrolled to, over the content.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `e2e/artifacts/screenshots/${name}-${width}.png`, fullPage: true });
    // "Looks finished" includes: nothing makes the page scroll sideways at this width.
    // Checked within the part this spec is about (other steps' cards have their own specs).
    const overflow = await (focus ?? page.locator("body")).evaluate((root) => {
      const limit = document.documentElement.clientWidth;
      const culprit = [root, ...root.querySelectorAll("*")].find((el) => el.getBoundingClientRect().right > limit + 1 && el.getClientRects().length > 0);
      return culprit ? `${culprit.tagName.toLowerCase()} ${culprit.getAttribute("data-testid") ?? ""} ${(culprit.textContent ?? "").slice(0, 80)}` : "";
    });
    expect(overflow, `${name} has content wider than ${width}px`).toBe("");
  }
  await page.setViewportSize(original);
}
