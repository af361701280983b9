"use client";
import { useEffect, useState } from "react";
import { unstable_isUnrecognizedActionError } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/**
 * A browser holding a page of an older build, after the instances were upgraded: its chunks are gone and
 * its server-action ids unknown to the new build. (Next itself turns navigations across builds into full
 * page loads, via the deployment id of scripts/build.ts.) These errors mean "reload", not "something failed".
 */
export function isStaleBuildError(error: unknown): boolean {
  if (unstable_isUnrecognizedActionError(error)) return true;
  if (!(error instanceof Error)) return false;
  return error.name === "ChunkLoadError" || error.name === "UnrecognizedActionError" || /Failed to (load|fetch dynamically imported) (chunk|module)|Loading chunk .* failed|Failed to find Server Action/i.test(error.message);
}

export function StaleBuildNotice() {
  return (
    <Notice tone="info" title="Beaconport was updated — reload" testId="stale-build">
      <p>This page comes from the previous version. Reload to continue; nothing you saved is lost.</p>
      <Button className="mt-2" size="sm" data-testid="stale-build-reload" onClick={() => window.location.reload()}>
        Reload
      </Button>
    </Notice>
  );
}

/** Mounted once in the root layout: errors that escape every boundary (a chunk that no longer exists). */
export function StaleBuildListener() {
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const onError = (event: ErrorEvent) => {
      if (isStaleBuildError(event.error)) setStale(true);
    };
    const onRejection = (event: PromiseRejectionEvent) => {
      if (isStaleBuildError(event.reason)) setStale(true);
    };
    window.addEventListener("error", onError);
    window.addEventListener("unhandledrejection", onRejection);
    return () => {
      window.removeEventListener("error", onError);
      window.removeEventListener("unhandledrejection", onRejection);
    };
  }, []);
  if (!stale) return null;
  return (
    <div className="fixed inset-x-0 top-3 z-50 mx-auto w-full max-w-lg px-4">
      <StaleBuildNotice />
    </div>
  );
}
