/** Single-quoted for bash: safe for any string (IAM names and ARNs never need it, descriptions might). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A YAML double-quoted scalar: JSON's string escapes are a subset of YAML's. */
export function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** A Terraform (HCL) quoted string: escape `\`, `"` and the template sequences `${` and `%{`. */
export function hclString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\$\{/g, "$${").replace(/%\{/g, "%%{")}"`;
}

export function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
