/**
 * Regions of the commercial AWS partition (`aws`), copied from the AWS SDK's partition table
 * (`@aws-sdk/core` util-endpoints `partitions.js`), so client components need no SDK import.
 *
 * Other partitions (aws-cn, aws-us-gov, aws-iso*, aws-eusc) are rejected: their ARNs start with
 * `arn:aws-cn:` etc., their accounts are separate from commercial ones, and the procedure (and the
 * beacon's Direct adapter) target the commercial partition. A region that merely looks commercial
 * but is not in this list is rejected too, so a typo never becomes a silently empty region.
 */
export const AWS_REGIONS: readonly { id: string; name: string; optIn: boolean }[] = [
  { id: "af-south-1", name: "Africa (Cape Town)", optIn: true },
  { id: "ap-east-1", name: "Asia Pacific (Hong Kong)", optIn: true },
  { id: "ap-east-2", name: "Asia Pacific (Taipei)", optIn: true },
  { id: "ap-northeast-1", name: "Asia Pacific (Tokyo)", optIn: false },
  { id: "ap-northeast-2", name: "Asia Pacific (Seoul)", optIn: false },
  { id: "ap-northeast-3", name: "Asia Pacific (Osaka)", optIn: false },
  { id: "ap-south-1", name: "Asia Pacific (Mumbai)", optIn: false },
  { id: "ap-south-2", name: "Asia Pacific (Hyderabad)", optIn: true },
  { id: "ap-southeast-1", name: "Asia Pacific (Singapore)", optIn: false },
  { id: "ap-southeast-2", name: "Asia Pacific (Sydney)", optIn: false },
  { id: "ap-southeast-3", name: "Asia Pacific (Jakarta)", optIn: true },
  { id: "ap-southeast-4", name: "Asia Pacific (Melbourne)", optIn: true },
  { id: "ap-southeast-5", name: "Asia Pacific (Malaysia)", optIn: true },
  { id: "ap-southeast-6", name: "Asia Pacific (New Zealand)", optIn: true },
  { id: "ap-southeast-7", name: "Asia Pacific (Thailand)", optIn: true },
  { id: "ca-central-1", name: "Canada (Central)", optIn: false },
  { id: "ca-west-1", name: "Canada West (Calgary)", optIn: true },
  { id: "eu-central-1", name: "Europe (Frankfurt)", optIn: false },
  { id: "eu-central-2", name: "Europe (Zurich)", optIn: true },
  { id: "eu-north-1", name: "Europe (Stockholm)", optIn: false },
  { id: "eu-south-1", name: "Europe (Milan)", optIn: true },
  { id: "eu-south-2", name: "Europe (Spain)", optIn: true },
  { id: "eu-west-1", name: "Europe (Ireland)", optIn: false },
  { id: "eu-west-2", name: "Europe (London)", optIn: false },
  { id: "eu-west-3", name: "Europe (Paris)", optIn: false },
  { id: "il-central-1", name: "Israel (Tel Aviv)", optIn: true },
  { id: "me-central-1", name: "Middle East (UAE)", optIn: true },
  { id: "me-south-1", name: "Middle East (Bahrain)", optIn: true },
  { id: "me-west-1", name: "Middle East (Saudi Arabia)", optIn: true },
  { id: "mx-central-1", name: "Mexico (Central)", optIn: true },
  { id: "sa-east-1", name: "South America (Sao Paulo)", optIn: false },
  { id: "sa-west-1", name: "South America (Chile)", optIn: true },
  { id: "us-east-1", name: "US East (N. Virginia)", optIn: false },
  { id: "us-east-2", name: "US East (Ohio)", optIn: false },
  { id: "us-west-1", name: "US West (N. California)", optIn: false },
  { id: "us-west-2", name: "US West (Oregon)", optIn: false },
];

export const AWS_REGION_IDS: ReadonlySet<string> = new Set(AWS_REGIONS.map((r) => r.id));

/**
 * Default: the regions every account has enabled without opting in. Opt-in regions answer
 * "not enabled" for accounts that never turned them on, which would make a fresh setup fail its
 * connection test for no useful reason; add them explicitly where they are used.
 */
export const DEFAULT_REGIONS: readonly string[] = AWS_REGIONS.filter((r) => !r.optIn).map((r) => r.id);

/** Prefixes of region names in other partitions, to explain the rejection instead of "unknown region". */
export const OTHER_PARTITION_REGION = /^(cn|us-gov|us-iso|us-isob|us-isof|eu-isoe|eusc)-/;
