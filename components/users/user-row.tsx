"use client";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { Notice } from "@/components/ui/notice";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { changeRoleAction, resetPasswordAction, setUserDisabledAction } from "@/lib/users/actions";
import type { UserView } from "@/lib/users/types";
import type { ActionResult } from "@/lib/actions/result";
import { CredentialReveal } from "./credential-reveal";

function ErrorLine<T>({ state, testId }: { state: ActionResult<T> | undefined; testId: string }) {
  if (!state || state.ok) return null;
  return <Notice tone="error" testId={testId} title={state.error.message}>{state.error.hint}</Notice>;
}

export function UserRow({ user, isSelf }: { user: UserView; isSelf: boolean }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, undefined);
  const [disableState, disableAction] = useActionState(setUserDisabledAction, undefined);
  const [resetState, resetAction] = useActionState(resetPasswordAction, undefined);
  return (
    <li className="space-y-3 px-5 py-4" data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p className="font-medium text-slate-900">{user.name}</p>
        <p className="text-sm text-slate-500">{user.email}</p>
        <Badge tone={user.role === "admin" ? "blue" : "slate"} testId="user-role">{ROLE_LABEL[user.role]}</Badge>
        {user.disabled ? <Badge tone="red" testId="user-disabled">Disabled</Badge> : null}
        {user.mustChangePassword ? <Badge tone="amber">{user.hasPassword ? "Must change password" : "Awaiting password"}</Badge> : null}
        {isSelf ? <Badge tone="green">You</Badge> : null}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <form action={roleAction} className="flex items-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="text-xs text-slate-600">
            Role
            <select name="role" defaultValue={user.role} className={inputClass + " mt-1 w-40"} data-testid="user-role-select" aria-label={`Role of ${user.email}`}>
              <option value="reviewer">Reviewer</option>
              <option value="admin">Administrator</option>
            </select>
          </label>
          <SubmitButton variant="secondary" size="sm" data-testid="user-role-save">Save role</SubmitButton>
        </form>
        <form action={disableAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
          <SubmitButton variant={user.disabled ? "secondary" : "danger"} size="sm" data-testid="user-toggle-disabled">
            {user.disabled ? "Enable" : "Disable"}
          </SubmitButton>
        </form>
        <form action={resetAction} className="flex items-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="text-xs text-slate-600">
            Reset password with
            <select name="credential" defaultValue="initial-password" className={inputClass + " mt-1 w-48"} data-testid="user-reset-kind" aria-label={`Reset password of ${user.email} with`}>
              <option value="initial-password">One-time password</option>
              <option value="set-password-link">Set-password link</option>
            </select>
          </label>
          <SubmitButton variant="secondary" size="sm" data-testid="user-reset-password">Reset password</SubmitButton>
        </form>
      </div>
      <ErrorLine state={roleState} testId="user-role-error" />
      <ErrorLine state={disableState} testId="user-disable-error" />
      <ErrorLine state={resetState} testId="user-reset-error" />
      {resetState?.ok ? <CredentialReveal email={user.email} credential={resetState.data.credential} /> : null}
    </li>
  );
}
