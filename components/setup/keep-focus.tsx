"use client";
import { useEffect } from "react";

/**
 * When an action's answer replaces the control that held the focus (a step's form swapped for its
 * result after the page refreshed), the keyboard would fall back to the start of the page. Moves it to
 * that step's result instead: the first status message (`role="status"`) of the card it was in, else
 * the card's header. Only for a control that disappeared: a mouse click elsewhere is left alone.
 */
export function KeepFocusInSteps({ containerId }: { containerId: string }) {
  useEffect(() => {
    const root = document.getElementById(containerId);
    if (!root) return;
    let last: { element: Element; card: string } | null = null;
    const onFocusIn = (e: FocusEvent) => {
      const card = e.target instanceof Element ? e.target.closest("details[id^='step-']") : null;
      last = card && e.target instanceof Element ? { element: e.target, card: card.id } : null;
    };
    const onPointerDown = () => {
      last = null;
    };
    const observer = new MutationObserver(() => {
      if (!last || last.element.isConnected) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      const card = document.getElementById(last.card);
      last = null;
      const target = card?.querySelector<HTMLElement>("[role='status']:not([hidden])") ?? card?.querySelector<HTMLElement>("summary");
      if (!target) return;
      if (target.tagName !== "SUMMARY" && !target.hasAttribute("tabindex")) target.tabIndex = -1;
      target.focus();
    });
    observer.observe(root, { childList: true, subtree: true });
    root.addEventListener("focusin", onFocusIn);
    document.addEventListener("pointerdown", onPointerDown, true);
    return () => {
      observer.disconnect();
      root.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("pointerdown", onPointerDown, true);
    };
  }, [containerId]);
  return null;
}
