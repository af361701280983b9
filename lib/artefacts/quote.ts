/**
 * Quoting for every language an admin copies or runs: bash, YAML (CloudFormation) and HCL (Terraform).
 * Every value that reaches a command, script or template goes through one of these, whatever its
 * validation: IAM paths may hold `$`, backticks, quotes and `;`, and names and ARNs read back from AWS
 * are not ours to trust. Pure and dependency-free, so lint, drift and repair texts use it too.
 */

/** Single-quoted for bash: safe for any string (a value of only `[A-Za-z0-9_@%+=:,./-]` stays bare). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * An AWS CLI command line, every word quoted: `awsCommand("iam", "update-role", "--role-name", name)`.
 * Fix texts end with such a command, so everything from `aws ` to the end can be pasted into a shell.
 */
export function awsCommand(...words: (string | number)[]): string {
  return ["aws", ...words.map((w) => shellQuote(String(w)))].join(" ");
}

/**
 * Text for one line of a comment (`#` in bash, YAML and HCL) or of a quoted heredoc: a line break, or a
 * character some parser reads as one (NEL, the Unicode line and paragraph separators), would end the
 * comment (or the heredoc) and start code. Control characters become `?`.
 */
export function singleLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, "?");
}

/**
 * A YAML double-quoted scalar. JSON's escapes are a subset of YAML's; NEL and the Unicode line
 * separators, which JSON leaves bare and YAML 1.1 parsers fold as line breaks, are escaped too.
 */
export function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\x7f-\x9f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A Terraform (HCL) quoted string: escape `\`, `"`, line breaks and tabs, and the template sequences
 * `${` and `%{` (written `$${` and `%%{`), so a value is never interpolated or run as a directive.
 */
export function hclString(s: string): string {
  return `"${s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    // A function, not a replacement string: in one, "$$" means a single "$" (that bug let `${` through).
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{")}"`;
}

export function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
