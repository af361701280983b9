/**
 * First use without a doubt (issue 15, "Confusions seen on the way"), in the guided setup: the mode is
 * chosen once, step 2 has one primary action and is done when its content is, step 4 always shows the
 * current external-ID choice, a collector user that exists in AWS is renamed only through a path that
 * says what renaming does, and a long setup page folds finished steps, shows the current one and keeps
 * the stepper in sight. Seeded where the wizard's earlier steps are not the subject.
 */
import { expect, test, type Page } from "@playwright/test";
import { postAction } from "./support/actions";
import { checkLayout, KEEP_SCREENSHOTS as KEEP } from "./support/layout";
import { seedConnection } from "./support/seed";
import { addTargets, openStep, startConnection } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";

async function saveRoleSettings(page: Page): Promise<void> {
  await page.getByTestId("role-settings-submit").click();
  await expect(page.getByTestId("role-settings").getByTestId("settings-saved")).toBeVisible();
}

test("the setup mode is chosen once, on New connection, and changed in one place", async ({ page }) => {
  await signInAsAdmin(page, null);

  // Chosen on "New connection": step 1 shows it as a fact, with one way to change it (no second set of tabs).
  await startConnection(page, "manual");
  const step1 = await openStep(page, 1);
  await expect(step1.getByRole("tablist")).toHaveCount(0);
  await expect(step1.getByTestId("setup-mode")).toHaveAttribute("data-mode", "manual");
  await expect(step1.getByTestId("manual-mode-form")).toBeVisible();
  await step1.getByTestId("change-mode").click();
  await expect(step1.getByTestId("setup-mode")).toHaveAttribute("data-mode", "automated");
  await expect(step1.getByTestId("sign-in-form")).toBeVisible();
  await expect(step1.getByTestId("manual-mode-form")).toHaveCount(0);
  await checkLayout(page, "first-use-01-mode", [1], KEEP);
});

test("step 2 has one primary action, and is done once its accounts are there", async ({ page }) => {
  await signInAsAdmin(page, null);
  await startConnection(page, "automated");
  const step2 = await openStep(page, 2);
  await expect(page.getByTestId("step-2-status")).not.toHaveText("Done");
  await addTargets(page, "222222222222 333333333333");
  await expect(page.getByTestId("step-2-status")).toHaveText("Done");
  await expect(page.getByTestId("step-2-note")).toContainText("2 target account(s) chosen");
  // At rest no Save competes with "Add accounts": neither on the account rows nor for the policy settings.
  await expect(step2.getByRole("button", { name: /^Save/ })).toHaveCount(0);
  await expect(step2.getByTestId("add-targets-submit")).toBeVisible();
  // A change offers its own Save, on that row only.
  await step2.getByTestId("target-222222222222-access-method").selectOption("manual");
  await expect(step2.getByTestId("target-222222222222-save")).toBeVisible();
  await expect(step2.getByTestId("target-333333333333-save")).toHaveCount(0);
  await step2.getByTestId("target-222222222222-access-method").selectOption("assume");
  await expect(step2.getByTestId("target-222222222222-save")).toHaveCount(0);
  await step2.getByTestId("input-inventoryPolicy").fill("ListInventoryForFNMS-2");
  await expect(step2.getByTestId("inventory-settings-submit")).toBeVisible();
  await checkLayout(page, "first-use-02-step-2", [2], KEEP);
});

test("step 4 always shows the current external-ID choice after Save", async ({ page }) => {
  await signInAsAdmin(page, null);
  await startConnection(page, "automated");
  // A choice is always selected, also when Save changed which choices there are.
  const step4 = await openStep(page, 4);
  await expect(step4.getByTestId("external-id-keep")).toBeChecked();
  await step4.getByTestId("external-id-none").check();
  await step4.getByTestId("confirm-no-external-id").check();
  await saveRoleSettings(page);
  await expect(step4.getByTestId("external-id-absent")).toBeVisible();
  await expect(step4.getByTestId("external-id-none")).toBeChecked();
  await step4.getByTestId("external-id-generate").check();
  await saveRoleSettings(page);
  await expect(step4.getByTestId("external-id")).toHaveText(/^[A-Za-z0-9]{40,}$/);
  await expect(step4.getByTestId("external-id-keep"), "the stored ID is the current choice after 'Generate' was saved").toBeChecked();
  const first = (await step4.getByTestId("external-id").textContent())!.trim();
  await step4.getByTestId("external-id-regenerate").check();
  await saveRoleSettings(page);
  await expect(step4.getByTestId("external-id")).not.toHaveText(first);
  await expect(step4.getByTestId("external-id-keep"), "a second Save keeps the new ID rather than regenerating again").toBeChecked();
  await checkLayout(page, "first-use-04-external-id", [4], KEEP);
});

test("names of things that exist in AWS are read-only; the collector user is renamed through a path that says what renaming does", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: "beaconport-e2e-first-use-02" });
  await signInAsAdmin(page, `/connections/${seeded.connectionId}/setup`);
  // Policies and roles: IAM renames neither, so their names are fixed (in the form and on the server).
  const step4 = await openStep(page, 4);
  await expect(step4.getByTestId("input-role")).toHaveAttribute("readonly", "");
  await expect(step4.getByTestId("role-settings")).toContainText("Exists in AWS");
  await expect((await openStep(page, 2)).getByTestId("input-inventoryPolicy")).toHaveAttribute("readonly", "");
  const crafted = await postAction(page.request, `/connections/${seeded.connectionId}/setup`, "updateSettingsAction", { connectionId: seeded.connectionId, role: `${seeded.names.role}-other` });
  expect(crafted.text).toContain('"code":"VALIDATION"');
  await page.reload();
  await expect((await openStep(page, 4)).getByTestId("input-role")).toHaveValue(seeded.names.role);

  const step6 = await openStep(page, 6);
  const settings = step6.getByTestId("user-settings");
  await expect(settings.getByTestId("collector-user-name")).toHaveText(seeded.names.user);
  await expect(settings.getByRole("textbox")).toHaveCount(0);

  await settings.getByTestId("rename-user").locator("summary").click();
  const explained = settings.getByTestId("rename-user-explained");
  await expect(explained).toContainText(`aws iam update-user --user-name ${seeded.names.user} --new-user-name NEW_NAME`);
  await expect(explained).toContainText(`:user/${seeded.names.user} becomes`);
  await expect(explained).toContainText("role ARNs");
  await expect(explained).toContainText("trust the home account, not the user");
  await checkLayout(page, "first-use-06-rename-user", [6], KEEP);

  const renamed = `${seeded.names.user}-renamed`;
  await explained.getByTestId("input-user").fill(renamed);
  await explained.getByTestId("rename-user-form-submit").click();
  await expect(settings.getByTestId("collector-user-name")).toHaveText(renamed);
});

test("a long setup: finished steps fold to one line, the current step is in view, the stepper stays in sight", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: true, externalId: "beaconport-e2e-first-use-10", targets: ["222222222222", "333333333333", "444444444444"] });
  await signInAsAdmin(page, null);
  for (const size of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.goto(`/connections/${seeded.connectionId}/setup`);
    // The current step is the one card open when the page opens.
    const current = page.locator("details[open]");
    await expect(current).toHaveCount(1);
    await expect(current).toHaveJSProperty("open", true);
    await expect(current.locator("summary").first()).toBeInViewport();
    // Brought up into the top third of the window (not left wherever it falls on the page), below the sticky stepper.
    const [cardTop, stepperBottom] = await Promise.all([current.evaluate((el) => el.getBoundingClientRect().top), page.getByTestId("setup-stepper").evaluate((el) => el.getBoundingClientRect().bottom)]);
    expect(cardTop).toBeGreaterThanOrEqual(stepperBottom);
    expect(cardTop).toBeLessThanOrEqual(size.height / 3);

    // Finished and folded: one line (a summary no taller than one row of text and its padding).
    const done = page.locator('details[data-state="done"]:not([open])');
    expect(await done.count()).toBeGreaterThan(0);
    if (size.width >= 640) {
      for (const box of await done.locator("summary").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(box).toBeLessThanOrEqual(56);
    }

    // Far down the page the stepper is still there, below the header.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(page.getByTestId("setup-stepper")).toBeInViewport();
    const top = await page.getByTestId("setup-stepper").evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    await expect(page.getByTestId("setup-stepper").locator('[aria-current="step"]')).toHaveCount(1);
  }
  await checkLayout(page, "first-use-10-long-setup", undefined, KEEP);
});
