/**
 * Reviewers see that an external ID is set, and enough of it to compare with the beacon's dialog,
 * but not the value itself: `ab••••yz`. Pure.
 */
export function maskExternalId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  // Short values would be mostly revealed by two characters at each end.
  if (value.length < 8) return "••••";
  return `${value.slice(0, 2)}••••${value.slice(-2)}`;
}
