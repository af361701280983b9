/**
 * "A page that looks finished", checked where a spec reaches a state worth looking at: at 1280 and 390 px
 * wide nothing makes the page scroll sideways. The full-page screenshots of those states are artefacts
 * for people, not assertions: taken only when E2E_SCREENSHOTS=1 (they cost about a second each), except
 * for the states a spec keeps always (issue #15's first-use states, whose screenshots are the record
 * that each confusion is gone).
 * On PostgreSQL the layout is not checked again: what a page draws does not depend on the database.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { e2eDialect } from "./e2e-database";
import { openStep } from "./setup-wizard";

const SCREENSHOTS = "e2e/artifacts/screenshots";

/** checkLayout's option for a state whose screenshots are kept in every run. */
export const KEEP_SCREENSHOTS = { screenshots: "always" } as const;

/** A full-page screenshot kept as e2e/artifacts/screenshots/<file>, when E2E_SCREENSHOTS=1 or `always`. */
export async function keepScreenshot(page: Page, file: string, always = false): Promise<void> {
  if (!always && process.env.E2E_SCREENSHOTS !== "1") return;
  // From the top: a full-page capture draws the sticky header where the page was scrolled to, over the content.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/${file}`, fullPage: true });
}

/**
 * At 1280 and 390 px: nothing scrolls the page sideways (within `focus` when given, the part this spec is
 * about; other parts have their own specs), with the screenshot `<name>-<width>.png` when kept. Step
 * numbers open those wizard cards first. Back at 1280 px afterwards. `screenshots: "always"` keeps them
 * in every run.
 */
export async function checkLayout(page: Page, name: string, within?: number[] | Locator, options: { screenshots?: "always" } = {}): Promise<void> {
  if (e2eDialect() === "postgresql") return;
  const focus = Array.isArray(within) || !within ? undefined : within;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    if (Array.isArray(within)) for (const n of within) await openStep(page, n);
    await keepScreenshot(page, `${name}-${width}.png`, options.screenshots === "always");
    const overflow = await (focus ?? page.locator("body")).evaluate((root) => {
      const limit = document.documentElement.clientWidth;
      // Inside a container that scrolls or clips on its own, wide content does not move the page.
      const clipped = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
        return false;
      };
      const culprit = [root, ...root.querySelectorAll("*")].find((el) => el.getBoundingClientRect().right > limit + 1 && el.getClientRects().length > 0 && !clipped(el));
      const where = culprit ? `${culprit.tagName.toLowerCase()}.${culprit.className} in ${culprit.closest("[data-testid]")?.getAttribute("data-testid") ?? "?"}` : "";
      return { px: root === document.body ? document.documentElement.scrollWidth - limit : 0, culprit: where };
    });
    expect(overflow.culprit, `${name} at ${width}px: content wider than the page`).toBe("");
    expect(overflow.px, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(1);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
