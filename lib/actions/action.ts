import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { isInstalled, verifySession, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import type { AwsErrorCode } from "@/lib/aws/errors";
import { awsErrorToAppError } from "@/lib/aws/to-app-error";
import { AppError, toPublicError, type FieldErrors } from "@/lib/errors";
import { logUnexpected, requestIdFrom, withLogContext } from "@/lib/log";
import { admit, isAuditedDenial } from "./admit";
import { formDataToObject } from "./form-data";
import { echoValues, type ActionResult } from "./result";
import { auditOutcome } from "./audit-outcome";
import { requestHeaders, requestMeta, type RequestMeta } from "./request-meta";

export type { ActionResult } from "./result";

export interface AuditSpec {
  /** Dotted verb, e.g. `connection.create`. */
  action: string;
  entityType?: string;
}

export interface ActionOptions<S extends z.ZodType> {
  schema: S;
  /** Who may call it. `public` actions (sign-in, first-run setup) check their own preconditions. */
  role: Role | "public";
  /** When set, the wrapper writes this audit event after the handler succeeds (details via `ctx.audit`). */
  audit?: AuditSpec;
  /**
   * The change's dotted verb when there is no `audit` spec (the handler audits its success itself):
   * refusals and failures are audited as `<verb>.refused` / `<verb>.failed`. Actions with neither only
   * read or plan, and their refusals are not audited.
   */
  name?: string;
  /** Allowed while the user must still change their password (the change-password action itself). */
  allowPasswordChangeDue?: boolean;
  /** Field errors to show for an AWS error the handler lets through (e.g. refused pasted credentials). */
  awsFieldErrors?: Partial<Record<AwsErrorCode, FieldErrors>>;
}

export interface ActionContext<R extends Role | "public"> {
  /** The caller, loaded from the database for this call. Null only for `public` actions. */
  user: R extends "public" ? SessionUser | null : SessionUser;
  meta: RequestMeta;
  /** Details for the wrapper's audit event (entity, before/after values; secrets are redacted). */
  audit(details: { entityId?: string | null; entityType?: string; before?: unknown; after?: unknown }): void;
}

/**
 * The one way to write a server action. Every call: loads the session from the database (disabled or
 * expired users are refused), checks the role, validates input with zod, runs the handler, writes the
 * audit event, and maps errors to safe messages. A refused or failed change is audited too
 * (`<verb>.refused` / `<verb>.failed`, lib/actions/audit-outcome.ts). Server actions are public HTTP endpoints: nothing
 * here trusts the page that rendered the form.
 *
 *   export const createThingAction = action({ schema, role: "admin", audit: { action: "thing.create" } },
 *     async (input, ctx) => { ...; ctx.audit({ entityId, after }); return { id }; });
 *   const [state, formAction] = useActionState(createThingAction, undefined);
 */
export function action<S extends z.ZodType, T, R extends Role | "public">(
  options: ActionOptions<S> & { role: R },
  handler: (input: z.output<S>, ctx: ActionContext<R>) => Promise<T>,
): (previous: ActionResult<T> | undefined, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  return async (previous, given) => withLogContext({ requestId: requestIdFrom(await requestHeaders()) }, () => handle(previous, given));
  async function handle(previous: ActionResult<T> | undefined, given: FormData | z.input<S>): Promise<ActionResult<T>> {
    // A bare `<form action={fn}>` passes the FormData first; `useActionState` passes it second.
    const rawInput: unknown = given === undefined && previous instanceof FormData ? previous : given;
    const input = rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput;
    const values = echoValues(input);
    let user: SessionUser | null = null;
    let meta: RequestMeta = { ip: null, userAgent: null };
    try {
      meta = await requestMeta();
      user = await verifySession();
      if (options.role !== "public") {
        await admit(user, {
          role: options.role,
          allowPasswordChangeDue: options.allowPasswordChangeDue,
          attempted: options.audit?.action ?? options.name ?? "action",
          ip: meta.ip,
          unauthenticated: async () =>
            new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.", {
              hint: (await isInstalled()) ? undefined : "Create the first administrator at /setup.",
            }),
        });
      }
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
        throw new AppError("VALIDATION", "Please correct the highlighted fields.", { fieldErrors });
      }
      const details: Parameters<ActionContext<R>["audit"]>[0][] = [];
      const ctx = { user, meta, audit: (d) => void details.push(d) } as ActionContext<R>;
      const data = await handler(parsed.data, ctx);
      if (options.audit) {
        for (const d of details.length ? details : [{}]) {
          await recordAudit({
            action: options.audit.action,
            actor: user ? { id: user.userId, email: user.email } : null,
            entityType: d.entityType ?? options.audit.entityType ?? null,
            entityId: d.entityId ?? null,
            before: d.before,
            after: d.after,
            ip: meta.ip,
          });
        }
      }
      return { ok: true, data, values };
    } catch (thrown) {
      // redirect() and notFound() work by throwing; they must reach Next untouched.
      unstable_rethrow(thrown);
      // An AWS operation's error carries a cause and fix written for users (lib/aws/errors.ts), never the
      // SDK's raw text; anything else that is not an AppError stays "unexpected" and is logged with an id.
      const error = awsErrorToAppError(thrown, options.awsFieldErrors) ?? thrown;
      const shown = toPublicError(error, logUnexpected);
      const verb = options.audit?.action ?? options.name;
      // The role check wrote its own `auth.denied` event; the refusal is not recorded twice.
      if (verb && !isAuditedDenial(error)) {
        await auditOutcome({ verb, entityType: options.audit?.entityType, actor: user ? { id: user.userId, email: user.email } : null, ip: meta.ip, input, error, shown });
      }
      return { ok: false, error: shown, values };
    }
  }
}
