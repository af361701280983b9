import "server-only";
import { env } from "@/lib/env";

/** What the login page offers: "Sign in with <provider>" when single sign-on is configured, and the password form when anyone may use it. */
export function signInOptions(): { sso: { name: string } | null; password: "everyone" | "break-glass" | "off" } {
  const { oidc, localLogin } = env();
  return {
    sso: oidc ? { name: oidc.name } : null,
    password: localLogin.enabled ? "everyone" : localLogin.breakGlassAdmin ? "break-glass" : "off",
  };
}
