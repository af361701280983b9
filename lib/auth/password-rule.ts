/**
 * The password strength rule, shared by the server (authoritative) and forms (hints). Length matters
 * most; the class rule only refuses passwords made of a single kind of character.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_RULE_TEXT = `At least ${PASSWORD_MIN_LENGTH} characters, mixing at least two of: lower case, upper case, digits, symbols; not your email or name.`;

export function passwordProblems(password: string, context: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) problems.push("Mix at least two kinds of characters (lower case, upper case, digits, symbols).");
  if (/^(.)\1*$/.test(password)) problems.push("Do not repeat a single character.");
  const lower = password.toLowerCase();
  const email = context.email?.trim().toLowerCase();
  const local = email?.split("@")[0];
  if ((email && lower.includes(email)) || (local && local.length >= 4 && lower.includes(local))) {
    problems.push("Do not use your email address in the password.");
  }
  const name = context.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) problems.push("Do not use your name in the password.");
  return problems;
}
