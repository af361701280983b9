/**
 * AWS credentials pasted into a form, one truth for every form and action that takes them. Pure (the
 * pattern also serves the browser's field hints).
 */
import { z } from "zod";

/**
 * An access key ID as IAM documents it: 16 to 128 capital letters and digits, AKIA for a long-term key
 * (an IAM user's), ASIA for temporary credentials (STS). Real keys are 20 characters today.
 */
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
/** A long-term key: the collector user's own (steps 6 and 8, key rotation). */
export const LONG_TERM_ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z0-9]{12,124}$/;

const trimmedOptional = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((v) => (v ? v : undefined));

/** Administrator credentials pasted for this session (setup step 1, Manage's sign-in). */
export const pastedCredentialsSchema = z.object({
  accessKeyId: z.string().trim().regex(ACCESS_KEY_ID_PATTERN, { error: "An access key ID starts with AKIA (long-term) or ASIA (temporary) followed by capital letters and digits." }),
  secretAccessKey: z.string().trim().min(16, { error: "Paste the whole secret access key (40 characters)." }).max(128, { error: "That is too long for a secret access key." }),
  sessionToken: trimmedOptional(4096, "That is too long for a session token."),
});

export type PastedCredentials = z.output<typeof pastedCredentialsSchema>;

/** The credentials the SDK takes, without an empty session token. */
export function toStaticCredentials(c: PastedCredentials): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
}
