/**
 * Every event the portal logs, by name: the one list operators read (README "Monitoring" lists the
 * ones marked `alert`), and the only names `log.*` accepts (a typo does not compile).
 * Naming: `<area>.<what_happened>`, lower case.
 */
export interface LogEventSpec {
  /** When this line means someone should look, and what to check. Listed in the README. */
  alert?: string;
}

export const LOG_EVENTS = {
  "error.unexpected": { alert: "An error the portal did not expect; the user saw its reference. Look up the reference and the stack." },
  "audit.export_failed": { alert: "A reviewer's audit export failed mid-stream." },
  "audit.outcome_not_recorded": { alert: "A refusal or failure could not be written to the audit trail (database unreachable?)." },
  "auth.nextauth_error": { alert: "next-auth reported an error (misconfigured AUTH_SECRET, AUTH_URL or OIDC settings)." },
  "auth.nextauth_warning": {},
  "auth.sso_id_token_rejected": { alert: "An SSO sign-in brought an ID token that failed verification (signature, issuer, audience or expiry): a misconfigured provider, a clock far off, or a forgery attempt." },
  "auth.sso_last_admin_kept": { alert: "The identity provider's groups would demote the last active administrator; Beaconport kept them an administrator. Make another user an administrator (or fix the group mapping) so the provider's roles apply again." },
  "setup.token_ready": {},
  "setup.token_elsewhere": {},
  "setup.target_status_failed": {},
  "deploy.encryption_key": {},
  "deploy.forwarded_proto_missing": { alert: "BEACONPORT_URL is https but a request came without X-Forwarded-Proto: https; fix the reverse proxy's headers." },
  "deploy.encryption_key_mismatch": { alert: "This instance's BEACONPORT_ENCRYPTION_KEY differs from the one the database's secrets were sealed with; it refused to start." },
  "metrics.unauthorized": {},
  "webhook.failed": { alert: "A notification webhook could not be delivered." },
  "schedule.started": {},
  "schedule.claimed": {},
  "schedule.start_failed": { alert: "The scheduler did not start: scheduled connection tests will not run on this instance." },
  "schedule.tick_failed": { alert: "A scheduler tick failed before testing any connection." },
  "schedule.connection_failed": { alert: "A scheduled connection test could not be run." },
  "run.heartbeat_failed": { alert: "A running job could not record its heartbeat (database unreachable?)." },
  "run.finish_failed": { alert: "A run finished but its result could not be saved." },
  "run.events_write_failed": {},
  "runs.interrupted": { alert: "Runs were interrupted (an instance stopped or died while they ran)." },
  "runs.interrupted_close_failed": {},
  "runs.interrupted_check_failed": {},
} as const satisfies Record<string, LogEventSpec>;

export type LogEvent = keyof typeof LOG_EVENTS;

/** The events an operator should alert on, with why (README "Monitoring" lists exactly these). */
export function alertEvents(): { event: LogEvent; alert: string }[] {
  return (Object.entries(LOG_EVENTS) as [LogEvent, LogEventSpec][]).flatMap(([event, spec]) => (spec.alert ? [{ event, alert: spec.alert }] : []));
}
