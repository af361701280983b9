"use client";
import { useEffect } from "react";

/**
 * On opening the setup page, brings the current step to the top (below the sticky header and stepper,
 * through the cards' scroll margin) unless it already starts in the top third: on a long setup the step
 * to work on may be far down. Only on the
 * first render, and never when the address names a place (#step-N): later status changes must not move
 * the page under the admin.
 */
export function ScrollToStep({ anchor }: { anchor: string }) {
  useEffect(() => {
    if (window.location.hash || window.scrollY > 0) return;
    const card = document.getElementById(anchor);
    // Already near the top (step 1, say): leave the page title in view.
    if (!card || card.getBoundingClientRect().top <= window.innerHeight / 3) return;
    card.scrollIntoView({ block: "start" });
    // Deliberately once per page load: `anchor` changing later is a status change, not a page opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}
