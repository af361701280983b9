"use client";
import { useEffect } from "react";

/**
 * On opening the setup page, brings the current step into view (below the sticky header and stepper,
 * through the cards' scroll margin): on a long setup the step to work on may be far down. Only on the
 * first render, and never when the address names a place (#step-N): later status changes must not move
 * the page under the admin.
 */
export function ScrollToStep({ anchor }: { anchor: string }) {
  useEffect(() => {
    if (window.location.hash || window.scrollY > 0) return;
    document.getElementById(anchor)?.scrollIntoView({ block: "start" });
    // Deliberately once per page load: `anchor` changing later is a status change, not a page opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}
