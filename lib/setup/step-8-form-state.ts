/**
 * What step 8's form says about Save and about stored secrets, as pure rules (client-safe) so the form
 * only renders them and a unit test pins them.
 */

export type TestedHere = "running" | "passed" | "failed" | null;

export interface SaveButtonState {
  /** "saved": nothing to do (shown as "Saved", not clickable); "ready": Save may be pressed; "blocked": not yet, see `reason`. */
  state: "saved" | "ready" | "blocked";
  reason: string | null;
}

/** What would need a new test once saved: every detail the test used (the server's fingerprint covers the same). */
export const RETEST_NOTE = "Saved. Changing any detail above (name, access key, secret, external ID or proxy) needs a new Test connection before it can be saved again.";

export function saveButtonState(input: { saved: boolean; dirty: boolean; testedHere: TestedHere; saveRefusal: string | null }): SaveButtonState {
  const { saved, dirty, testedHere, saveRefusal } = input;
  if (dirty) return { state: "blocked", reason: "The details changed since the last test: click Test connection again." };
  if (testedHere === "running") return { state: "blocked", reason: "Testing… Save becomes possible when the test succeeds." };
  if (testedHere === "failed") return { state: "blocked", reason: "The last test failed: correct the details and test again. The beacon cannot save a connection whose test failed." };
  // Saved and untouched since: the details on screen are the saved ones.
  if (saved && testedHere === null) return { state: "saved", reason: RETEST_NOTE };
  if (testedHere === "passed") return { state: "ready", reason: null };
  return saveRefusal === null ? { state: "ready", reason: null } : { state: "blocked", reason: saveRefusal };
}

/**
 * The placeholder of a secret field (the collector's secret, the proxy password) that holds a value:
 * "stored" only once it is part of a saved connection or was stored on purpose in step 6; a value a
 * draft keeps only because it was tested says so.
 */
export function storedSecretPlaceholder(input: { held: boolean; saved: boolean; fromStep6?: boolean }, whenEmpty = ""): string {
  if (!input.held) return whenEmpty;
  if (input.saved || input.fromStep6) return "Stored — leave blank to keep it";
  return "Used for the last test; saved with the connection — leave blank to keep it";
}
