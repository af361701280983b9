/**
 * The accessibility scan (issue #15): axe-core on the page as drawn, against WCAG 2.0/2.1/2.2 A and AA,
 * at 1280 and 390 px wide. Every violation fails the spec (not only serious and critical ones), with
 * the rule, its impact and the elements it names, so the message says what to fix.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** One line per violation: "<rule> (<impact>): <selector>, <selector> — <help>". */
async function violations(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the default also opens a blank page per scan to merge
  // frame results (seconds each on a busy machine), and our pages have no frames to merge. Only the
  // violations are collected in full (passes are what takes axe longest to write out). `options` replaces
  // what withTags would set, so the tags go in runOnly here.
  const result = await new AxeBuilder({ page }).options({ runOnly: { type: "tag", values: WCAG_TAGS }, resultTypes: ["violations"] }).setLegacyMode(true).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")} — ${v.help}`);
}

/** Scans the page at 1280 and 390 px (back at 1280 afterwards); `name` says which page and state in the message. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const found: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    for (const v of await violations(page)) found.push(`${width}px ${v}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // Soft: one run lists every page's violations, not only the first page's.
  expect.soft(found, `${name}: accessibility violations`).toEqual([]);
}
