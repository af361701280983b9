/**
 * Minimal XML writer for the AWS Query and EC2 protocols. Values are plain objects; lists are
 * explicit (`xmlList`) because each protocol names its list items differently
 * (`member` for IAM/STS, `item` for EC2, the shape name for RDS).
 */

export class XmlList {
  constructor(
    readonly itemName: string,
    readonly items: readonly XmlValue[],
  ) {}
}

export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | XmlList
  | { [key: string]: XmlValue };

export function xmlList(itemName: string, items: readonly XmlValue[]): XmlList {
  return new XmlList(itemName, items);
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

function writeValue(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (value instanceof XmlList) {
    out.push(`<${name}>`);
    for (const item of value.items) writeValue(value.itemName, item, out);
    out.push(`</${name}>`);
    return;
  }
  if (value instanceof Date) {
    out.push(`<${name}>${value.toISOString()}</${name}>`);
    return;
  }
  if (typeof value === "object") {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) writeValue(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** `<Root xmlns="...">children</Root>` with an XML declaration. */
export function xmlDocument(root: string, xmlns: string | undefined, children: Record<string, XmlValue>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  out.push(xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`);
  for (const [k, v] of Object.entries(children)) writeValue(k, v, out);
  out.push(`</${root}>`);
  return out.join("");
}
