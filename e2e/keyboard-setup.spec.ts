/**
 * The guided setup with the keyboard alone (issue #15, WCAG 2.1.1, 2.4.3, 2.4.7, 4.1.3, 1.4.1, 3.3.1):
 * automated mode against the sandbox from New connection to step 8's Save (setup-automated.spec.ts and
 * setup-connection.spec.ts do it with the mouse), but every control
 * is reached with Tab / Shift+Tab and used with Enter, Space or the arrow keys (no click, no fill). On
 * the way: the focus is always visible, after each answer it is on the result or on the first refused
 * field (whose error is tied to it), run progress and results are in polite live regions, and no status
 * is told by colour alone. The wizard is scanned with axe in each state it passes through.
 */
import { expect, test, type Page } from "@playwright/test";
import { clearFaults, resetSandbox, sandboxInfo, setFaults } from "./support/sandbox";
import { expectAccessible } from "./support/axe";
import { expectErrorTiedToField, expectFocusVisible, expectFocusWithin, press, tabTo, typeInto } from "./support/keyboard";
import { signInAsAdmin } from "./support/users";

const HOME = "111111111111";
const TARGETS = ["222222222222", "333333333333"];

/** Every step's status badge says its status in words (a colour alone tells a colour-blind admin nothing). */
async function expectStatusInWords(page: Page): Promise<void> {
  for (let n = 1; n <= 8; n++) await expect(page.getByTestId(`step-${n}-status`)).toHaveText(/^(Waiting|To do|Running|Done|Failed|Needs attention)$/);
  for (let n = 1; n <= 8; n++) await expect(page.getByTestId(`stepper-${n}`)).toHaveAccessibleName(new RegExp(`step ${n}: (done|failed|needs attention|running|to do|waiting)`));
}

/** The step card's header, reached by keyboard, opened with Enter when it is closed. */
async function openStepByKeyboard(page: Page, n: number): Promise<void> {
  const card = page.getByTestId(`step-${n}`);
  const summary = page.getByTestId(`step-${n}-summary`);
  await tabTo(page, summary);
  if (!(await card.evaluate((el) => (el as HTMLDetailsElement).open))) await page.keyboard.press("Enter");
  await expect(card).toHaveJSProperty("open", true);
}

test("keyboard only: the automated setup from New connection to Save, focus and announcements checked", async ({ page }) => {
  test.setTimeout(240_000);
  await resetSandbox();
  const sb = sandboxInfo();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsAdmin(page, "/connections/new");
  await expectAccessible(page, "new connection");

  // New connection: the mode is a radio group (arrow keys), the start button is pressed with Enter.
  await tabTo(page, page.getByTestId("mode-automated"));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("mode-manual")).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("mode-automated")).toBeChecked();
  await press(page, page.getByTestId("start-setup"));
  await expect(page).toHaveURL(/\/connections\/[^/]+\/setup$/);
  await expect(page.getByTestId("step-1-status")).toHaveText("To do");
  await expectStatusInWords(page);
  await expectAccessible(page, "wizard, new");

  // Step 1: an empty secret is refused; the focus lands on that field, whose error describes it.
  const signIn = page.getByTestId("sign-in-form");
  await openStepByKeyboard(page, 1);
  await typeInto(page, signIn.getByTestId("input-accessKeyId"), sb.home.accessKeyId);
  await page.keyboard.press("Enter");
  const secret = signIn.getByTestId("input-secretAccessKey");
  await expect(signIn.getByTestId("error-secretAccessKey")).toBeVisible();
  await expect(secret).toBeFocused();
  await expectFocusVisible(page);
  await expectErrorTiedToField(page, secret, "error-secretAccessKey");
  await expect(signIn.getByTestId("input-accessKeyId")).toHaveAttribute("aria-required", "true");
  await expect(signIn.getByText("(required)").first()).toBeVisible();
  await expectAccessible(page, "wizard, step 1 refused");

  // A wrong secret: AWS refuses; the focus goes to the refused key, whose error points at the reason.
  await page.keyboard.type("wrongwrongwrongwrongwrongwrongwrongwrong");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("sign-in-error")).toContainText("secret access key does not match");
  await expect(signIn.getByTestId("input-accessKeyId")).toBeFocused();
  await expectErrorTiedToField(page, signIn.getByTestId("input-accessKeyId"), "error-accessKeyId");

  // The right one: the focus goes to the result (who is signed in), not back to the top of the page.
  await typeInto(page, secret, sb.home.secretAccessKey);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("step-1-status")).toHaveText("Done", { timeout: 20_000 });
  await expectFocusWithin(page.getByTestId("step-1"));
  await expect(page.getByTestId("caller-account")).toHaveText(HOME);

  // Step 2: a bad entry is refused, the focus on the list, its error tied to it; then two accounts.
  await openStepByKeyboard(page, 2);
  const accounts = page.getByTestId("input-accounts");
  await typeInto(page, accounts, "222222222222\n12345-bad");
  await press(page, page.getByTestId("add-targets-submit"));
  await expect(page.getByTestId("error-accounts")).toContainText('"12345-bad"');
  await expect(accounts).toBeFocused();
  await expectErrorTiedToField(page, accounts, "error-accounts");
  await typeInto(page, accounts, TARGETS.join("\n"));
  await press(page, page.getByTestId("add-targets-submit"));
  await expect(page.getByTestId("add-targets-result")).toBeVisible();
  await expect(page.getByTestId("add-targets-result")).toBeFocused();
  for (const t of TARGETS) await expect(page.getByTestId(`target-${t}`)).toBeVisible();

  // Step 5: plan, then the run; one account fails (a sandbox fault) and says so in words.
  await openStepByKeyboard(page, 5);
  await press(page, page.getByTestId("show-plan"));
  await expect(page.getByTestId("plan")).toBeVisible({ timeout: 30_000 });
  await expectFocusWithin(page.getByTestId("plan"));
  await expectStatusInWords(page);
  await expectAccessible(page, "wizard, plan shown");
  await setFaults({ script: [{ action: "iam:CreateRole", nth: 1, accountId: TARGETS[1], error: { code: "AccessDenied", message: "Refused by a test fault", status: 403 } }] });
  try {
    await press(page, page.getByTestId("run-rollout"));
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "partial", { timeout: 60_000 });
  } finally {
    await clearFaults();
  }
  // Progress and result are announced politely: the count is a status region, so is the summary.
  const count = page.getByTestId("run-progress-count");
  await expect(count).toHaveText("3 of 3 accounts, 1 failed");
  await expect(count).toHaveRole("status");
  await expect(page.getByTestId("rollout-summary")).toHaveRole("status");
  await expect(page.getByTestId(`rollout-${TARGETS[1]}-role`)).toHaveAttribute("data-status", "failed");
  await expect(page.getByTestId(`rollout-${TARGETS[1]}-role`)).toContainText("failed");
  await expect(page.getByTestId("step-5-status")).toHaveText("Failed");
  await expectStatusInWords(page);
  await expectAccessible(page, "wizard, run with a failure");

  // Retry the failed account.
  await press(page, page.getByTestId("retry-failed"));
  await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("step-5-status")).toHaveText("Done");
  await expect(page.getByTestId("rollout-summary")).toHaveRole("status");

  // Step 6: the collector's key, shown once; the focus is on it.
  await openStepByKeyboard(page, 6);
  await press(page, page.getByTestId("create-access-key"));
  await expect(page.getByTestId("access-key-once")).toBeVisible({ timeout: 20_000 });
  await expectFocusWithin(page.getByTestId("step-6"));
  await expectStatusInWords(page);
  await expectAccessible(page, "wizard, key shown once");

  // Step 7: the schedule, confirmed with Enter.
  await openStepByKeyboard(page, 7);
  await press(page, page.getByTestId("step7-confirm"));
  await expect(page.getByTestId("step7-confirmed")).toContainText("every 30 minutes");

  // Step 8: Test connection, its result in a polite live region; then Save.
  await openStepByKeyboard(page, 8);
  const step8 = page.getByTestId("step-8");
  await press(page, step8.getByTestId("step8-test"));
  const result = step8.getByTestId("test-result");
  await expect(result).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(result).toHaveAttribute("aria-live", "polite");
  await press(page, step8.getByTestId("step8-save"));
  await expect(step8.getByTestId("step8-saved")).toContainText("AWS imports");
  await expectStatusInWords(page);
  await expectAccessible(page, "wizard, saved");
});
