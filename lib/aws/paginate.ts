/**
 * Collects every page of an IAM `Marker`/`IsTruncated` listing. Pure helper: the caller passes
 * the page fetcher (an SDK call through the one client factory).
 */
export async function collectIamPages<T>(
  fetchPage: (marker: string | undefined) => Promise<{ items: T[] | undefined; isTruncated?: boolean; marker?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  // Bounded: a misbehaving endpoint that always says "truncated" must not loop forever.
  for (let page = 0; page < 1000; page++) {
    const out = await fetchPage(marker);
    all.push(...(out.items ?? []));
    if (!out.isTruncated || !out.marker) return all;
    marker = out.marker;
  }
  return all;
}

/** The same for EC2/RDS-style `NextToken`/`Marker` listings without an `IsTruncated` flag. */
export async function collectTokenPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = await fetchPage(token);
    all.push(...(out.items ?? []));
    if (!out.next) return all;
    token = out.next;
  }
  return all;
}
