/**
 * A step card's open state belongs to the admin once they have opened or closed it: a status change
 * (a server action, a finished run, `router.refresh()`) neither folds away a card they opened nor
 * re-opens one they closed. A card they have not touched still opens by itself when it becomes the
 * active step, and never closes by itself.
 */
import { expect, test, type Page } from "@playwright/test";
import { sandboxInfo } from "./support/sandbox";
import { seedConnection } from "./support/seed";
import { signInToAws, startConnection } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";

/** What a person does: click the card's header (not the helper that sets `open` from script). */
async function toggleByHand(page: Page, n: number): Promise<void> {
  await page.getByTestId(`step-${n}`).locator("summary").first().click();
}

function card(page: Page, n: number) {
  return page.getByTestId(`step-${n}`);
}

test("cards the admin opened stay open when their status changes", async ({ page }) => {
  // Steps 1, 2 (accounts chosen) and 6 done (seeded), step 3 the active one, no rollout run yet.
  const seeded = seedConnection({ storeSecret: true, externalId: "beaconport-e2e-card-0001" });
  await signInAsAdmin(page, `/connections/${seeded.connectionId}/setup`);
  await expect(card(page, 3)).toHaveJSProperty("open", true);
  await expect(card(page, 4)).toHaveJSProperty("open", false);
  await expect(card(page, 7)).toHaveJSProperty("open", false);

  await toggleByHand(page, 4);
  await toggleByHand(page, 7);
  await expect(card(page, 7)).toHaveJSProperty("open", true);
  // A status change: step 7 done, the server re-renders the whole wizard.
  await card(page, 7).getByTestId("step7-confirm").click();
  await expect(card(page, 7)).toHaveAttribute("data-state", "done");
  await expect(card(page, 7), "the card the admin opened and just finished stays open").toHaveJSProperty("open", true);
  await expect(card(page, 7).getByTestId("step7-confirmed")).toBeVisible();
  await expect(card(page, 4), "a card the admin opened elsewhere stays open").toHaveJSProperty("open", true);
  await expect(card(page, 3)).toHaveJSProperty("open", true);
});

test("a card the admin closed stays closed when it becomes active; an untouched one opens by itself", async ({ page }) => {
  await signInAsAdmin(page);
  const home = sandboxInfo().home;

  // Untouched: signing in makes step 2 the active step, and it opens.
  await startConnection(page, "automated");
  await expect(card(page, 1)).toHaveJSProperty("open", true);
  await expect(card(page, 2)).toHaveJSProperty("open", false);
  await signInToAws(page, home);
  await expect(card(page, 1)).toHaveAttribute("data-state", "done");
  await expect(card(page, 2)).toHaveJSProperty("open", true);
  await expect(card(page, 1), "a finished step does not fold away what it showed").toHaveJSProperty("open", true);

  // Touched: the admin opened step 2 to look ahead, then closed it again before signing in.
  await startConnection(page, "automated");
  await toggleByHand(page, 2);
  await expect(card(page, 2)).toHaveJSProperty("open", true);
  await toggleByHand(page, 2);
  await expect(card(page, 2)).toHaveJSProperty("open", false);
  await signInToAws(page, home);
  await expect(card(page, 1)).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("stepper-2")).toHaveClass(/bg-brand-600/);
  await expect(card(page, 2), "a card the admin closed does not re-open when it becomes active").toHaveJSProperty("open", false);

  // The stepper is how an admin asks for a step: following its link opens the card.
  await page.getByTestId("stepper-2").click();
  await expect(card(page, 2)).toHaveJSProperty("open", true);
  await expect(card(page, 2).locator("summary")).toBeInViewport();
});
