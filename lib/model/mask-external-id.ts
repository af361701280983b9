/** Never more than this many characters of an external ID are shown, however long. */
export const MASK_MAX_SHOWN = 4;
/** Below this length nothing is shown at all: a few characters would be most of the value. */
const MASK_MIN_LENGTH = 8;

/** How many characters of a value of `length` a mask shows: at most 4, and at most a third of it. */
export function maskShownCharacters(length: number): number {
  return length < MASK_MIN_LENGTH ? 0 : Math.min(MASK_MAX_SHOWN, Math.floor(length / 3));
}

/**
 * Reviewers see that an external ID is set, and enough of it to compare with the beacon's dialog,
 * but not the value itself: `ab••••yz` (48 characters), `a••••z` (8-11), `••••` (shorter). The bullets
 * are always four, so the mask does not tell the length either. Pure.
 */
export function maskExternalId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  // Already a mask (external IDs cannot hold "•"): masking it again would show less of less.
  if (value.includes("••••")) return value;
  const shown = maskShownCharacters(value.length);
  const head = Math.ceil(shown / 2);
  const tail = shown - head;
  return `${value.slice(0, head)}••••${tail > 0 ? value.slice(-tail) : ""}`;
}

const EXTERNAL_ID_KEY = /external.?id$/i;
/** JSON text that names an external ID field: only then is it parsed and masked inside. */
const EXTERNAL_ID_TEXT = /external.?id"/i;

/**
 * A copy of `value` as a reviewer may see it: every field named like an external ID (`externalId`,
 * `sts:ExternalId` in a trust policy) masked, and every occurrence of a `known` external ID inside text
 * masked too (a run's messages, a policy document in a plan). Pure.
 */
export function maskExternalIdsIn<T>(value: T, known: readonly string[]): T {
  const needles = [...new Set(known.filter((k) => k.length >= 4))].sort((a, b) => b.length - a.length);
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === "string") {
      if (key !== null && EXTERNAL_ID_KEY.test(key)) return maskExternalId(v) ?? v;
      let out = v;
      for (const n of needles) if (out.includes(n)) out = out.split(n).join(maskExternalId(n) ?? "••••");
      // JSON stored as text (audit before/after, run results) is masked inside as well.
      if ((out.startsWith("{") || out.startsWith("[")) && EXTERNAL_ID_TEXT.test(out)) {
        try {
          return JSON.stringify(walk(JSON.parse(out), null));
        } catch {
          return out;
        }
      }
      return out;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v !== null && typeof v === "object" && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, null) as T;
}
