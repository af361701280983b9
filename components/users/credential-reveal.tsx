"use client";
import { useSyncExternalStore } from "react";
import { Notice } from "@/components/ui/notice";
import type { NewUserCredential } from "@/lib/users/create-user";

function noSubscription(): () => void {
  return () => {};
}

/** Shows a one-time password or set-password link once; it is not stored anywhere readable. */
export function CredentialReveal({ email, credential }: { email: string; credential: NewUserCredential }) {
  // The public origin is the browser's: the server only knows its listen address.
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const value = credential.kind === "initial-password" ? credential.password : `${origin}/set-password/${credential.token}`;
  return (
    <Notice tone="success" testId="credential-reveal" title={credential.kind === "initial-password" ? `One-time password for ${email}` : `Set-password link for ${email}`}>
      <p>Copy it now and hand it over securely: it is shown only once.{credential.kind === "initial-password" ? " The user must change it at first sign-in." : " The link expires in 72 hours."}</p>
      {/* A password is one token (break anywhere); a link wraps at its natural breaks first. */}
      <code className={`mt-2 block ${credential.kind === "initial-password" ? "break-all" : "[overflow-wrap:anywhere]"} rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-emerald-200`} data-testid={credential.kind === "initial-password" ? "initial-password" : "set-password-link"}>
        {value}
      </code>
    </Notice>
  );
}
