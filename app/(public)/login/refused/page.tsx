import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { signInOptions } from "@/lib/auth/sign-in-options";
import type { SsoRefusal } from "@/lib/auth/sso-sign-in";

export const metadata = { title: "Sign-in refused" };

const EXPLAIN: Record<SsoRefusal, { title: string; detail: string }> = {
  "no-group": {
    title: "Your account has no access to Beaconport.",
    detail: "Your identity provider signed you in, but you are in none of the groups Beaconport admits. Ask your identity administrator to add you to the Beaconport administrators' or reviewers' group, then sign in again.",
  },
  disabled: {
    title: "Your Beaconport account is disabled.",
    detail: "A Beaconport administrator disabled this account; your identity provider cannot enable it. Ask a Beaconport administrator to enable it.",
  },
  "no-email": {
    title: "Your identity provider sent no verified email address.",
    detail: "Beaconport identifies people by their email address. Ask your identity administrator to release a verified email claim to Beaconport.",
  },
  "invalid-id-token": {
    title: "The sign-in could not be verified.",
    detail: "The identity token was not signed by the configured identity provider, or is not valid for Beaconport. Nothing was signed in. If this keeps happening, ask an administrator to check the single sign-on configuration.",
  },
};

export default async function SsoRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const explained = typeof reason === "string" && Object.hasOwn(EXPLAIN, reason) ? EXPLAIN[reason as SsoRefusal] : { title: "Sign-in refused.", detail: "Beaconport refused this sign-in." };
  const sso = signInOptions().sso;
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Sign-in refused</h1>
      <div className="mt-6 space-y-4">
        <Notice tone="error" testId="sso-refused" title={explained.title}>
          {explained.detail}
        </Notice>
        <p className="text-sm text-slate-500">{sso ? `You are signed in to ${sso.name}, not to Beaconport. ` : ""}This refusal is recorded in Beaconport&apos;s audit trail.</p>
        <Link href="/login" className="text-sm font-medium text-brand-700 hover:underline" data-testid="back-to-login">
          Back to sign in
        </Link>
      </div>
    </Card>
  );
}
