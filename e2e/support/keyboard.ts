/**
 * Keyboard-only helpers (issue #15): reach a control with Tab / Shift+Tab the way a person without a
 * mouse does, checking on arrival that the focus can be seen; read where the focus is.
 */
import { expect, type Locator, type Page } from "@playwright/test";

/** Whether `target` holds the focus. */
export async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/**
 * The focused element shows a focus indicator: an outline, or the inset ring our inputs draw (a box
 * shadow 2 px or wider that is not there without the focus is what Tailwind's focus:ring draws).
 */
export async function expectFocusVisible(page: Page): Promise<void> {
  const seen = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, what: "nothing focused" };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 1;
    const ring = /\b0px 0px 0px [2-9]px\b/.test(cs.boxShadow);
    return { ok: outline || ring, what: `${el.tagName.toLowerCase()}[data-testid=${el.getAttribute("data-testid")}] outline=${cs.outlineStyle} ${cs.outlineWidth} shadow=${cs.boxShadow}` };
  });
  expect(seen.ok, `no visible focus indicator on ${seen.what}`).toBe(true);
}

/**
 * Presses Tab (or Shift+Tab when the target comes before the focus) until `target` has the focus, then
 * checks the focus is visible. Fails when it is not reached within `max` presses.
 */
export async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  await expect(target).toBeVisible();
  const backwards = await target.evaluate((el) => {
    const a = document.activeElement;
    return Boolean(a && a !== document.body && a !== el && el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) {
      await expectFocusVisible(page);
      return;
    }
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${target} not reached with ${max} presses of ${backwards ? "Shift+Tab" : "Tab"}`);
}

/** Tabs to a control and presses a key on it (Enter for buttons and links, Space for checkboxes, radios and summaries). */
export async function press(page: Page, target: Locator, key: "Enter" | "Space" = "Enter"): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** Tabs to a text field, selects what it holds and types `text` over it. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press("ControlOrMeta+A");
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press("Delete");
}

/** Where the focus is: an element inside `container`, or the container itself. */
export async function expectFocusWithin(container: Locator): Promise<void> {
  await expect.poll(() => container.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), { message: `focus within ${container}` }).toBe(true);
}

/** A field refused by its form: marked invalid, with the error `errorTestId` in its description. */
export async function expectErrorTiedToField(page: Page, field: Locator, errorTestId: string): Promise<void> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const error = page.getByTestId(errorTestId);
  const errorId = await error.getAttribute("id");
  expect(errorId, `${errorTestId} has an id`).toBeTruthy();
  expect((await field.getAttribute("aria-describedby"))?.split(" ")).toContain(errorId);
  await expect(field).toHaveAccessibleDescription(new RegExp((await error.textContent())!.trim().slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
}
