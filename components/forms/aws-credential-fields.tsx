import { Field } from "./field";
import { cn } from "@/components/ui/cn";

/**
 * The three fields of pasted AWS credentials, the same in every form that takes them (setup step 1,
 * Verify, per-account credentials, Manage's sign-in); the actions validate them with
 * lib/connections/credentials-schema.ts. The secret and the token are never echoed back.
 */
export function AwsCredentialFields({
  prefix = "",
  accessKeyLabel = "Access key ID",
  sessionTokenLabel = "Session token",
  sessionTokenHint,
  accessKeyId,
  errors = () => undefined,
  testIds = {},
  className = "grid gap-3 sm:grid-cols-3",
}: {
  /** Field names are `<prefix>accessKeyId`, `<prefix>secretAccessKey`, `<prefix>sessionToken`. */
  prefix?: string;
  accessKeyLabel?: string;
  sessionTokenLabel?: string;
  sessionTokenHint?: string;
  /** The submitted access key ID, echoed back after a refusal. */
  accessKeyId?: string;
  errors?: (name: string) => string[] | undefined;
  testIds?: { accessKeyId?: string; secretAccessKey?: string };
  className?: string;
}) {
  const name = (field: string) => `${prefix}${field}`;
  return (
    <div className={cn(className)}>
      <Field label={accessKeyLabel} name={name("accessKeyId")} defaultValue={accessKeyId ?? ""} errors={errors(name("accessKeyId"))} aria-required="true" autoComplete="off" spellCheck={false} data-testid={testIds.accessKeyId} />
      <Field label="Secret access key" name={name("secretAccessKey")} type="password" errors={errors(name("secretAccessKey"))} aria-required="true" autoComplete="new-password" spellCheck={false} data-testid={testIds.secretAccessKey} />
      <Field label={sessionTokenLabel} name={name("sessionToken")} type="password" errors={errors(name("sessionToken"))} autoComplete="off" hint={sessionTokenHint} />
    </div>
  );
}
