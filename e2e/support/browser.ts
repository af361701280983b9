/**
 * The browser every Playwright config launches: Debian's `chromium-headless-shell` package, the same
 * Chromium build as Debian's `chromium` in the "old" headless mode that Playwright itself uses for
 * headless runs (its own `chromium-headless-shell`, which would be a download). Measured here: a page
 * load costs about 2.5× less CPU than in the full browser's new headless mode, and on 2 cores the browser
 * tests are CPU-bound. `npm test` installs the package with apt when it is missing.
 */
export const CHROMIUM = "/usr/bin/chromium-headless-shell";
export const DEBIAN_PACKAGE = "chromium-headless-shell";

/** Flags for a closed network: no background requests, nothing the sandbox of a container refuses. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
