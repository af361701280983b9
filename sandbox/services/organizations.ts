/** AWS Organizations (JSON 1.1): who is in the organization. Only the management account lists accounts. */
import type { Handler } from "../context";
import { AwsError } from "../errors";
import type { Account } from "../state";

const notInUse = () => new AwsError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", 404);

const DescribeOrganization: Handler = async (ctx) => {
  await ctx.authorize("organizations:DescribeOrganization", "*");
  if (!ctx.account.inOrganization) throw notInUse();
  const mgmt = ctx.state.accounts.get(ctx.state.managementAccountId)!;
  const orgId = ctx.state.organizationId;
  return {
    Organization: {
      Id: orgId,
      Arn: `arn:aws:organizations::${mgmt.id}:organization/${orgId}`,
      FeatureSet: "ALL",
      MasterAccountArn: `arn:aws:organizations::${mgmt.id}:account/${orgId}/${mgmt.id}`,
      MasterAccountId: mgmt.id,
      MasterAccountEmail: mgmt.email,
      AvailablePolicyTypes: [],
    },
  };
};

const ListAccounts: Handler = async (ctx) => {
  await ctx.authorize("organizations:ListAccounts", "*");
  if (!ctx.account.inOrganization) throw notInUse();
  if (ctx.account.id !== ctx.state.managementAccountId) {
    throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.", 403);
  }
  const maxResults = typeof ctx.json.MaxResults === "number" ? ctx.json.MaxResults : 20;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 20) {
    throw new AwsError("InvalidInputException", "You provided a value that does not match the required pattern.", 400);
  }
  const token = typeof ctx.json.NextToken === "string" ? ctx.json.NextToken : undefined;
  const start = token === undefined ? 0 : Number.parseInt(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""), 10);
  if (!Number.isInteger(start) || start < 0) throw new AwsError("InvalidInputException", "The specified NextToken is not valid.", 400);
  const members = [...ctx.state.accounts.values()].filter((a) => a.inOrganization);
  const page = members.slice(start, start + maxResults);
  const mgmt = ctx.state.managementAccountId;
  const orgId = ctx.state.organizationId;
  return {
    Accounts: page.map((a: Account) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${mgmt}:account/${orgId}/${a.id}`,
      Email: a.email,
      Name: a.name,
      Status: "ACTIVE",
      State: "ACTIVE",
      JoinedMethod: a.id === mgmt ? "CREATED" : "INVITED",
      // JSON 1.1 timestamps are epoch seconds.
      JoinedTimestamp: a.joinedAt.getTime() / 1000,
    })),
    NextToken: start + maxResults < members.length ? Buffer.from(`offset:${start + maxResults}`).toString("base64url") : undefined,
  };
};

export const organizationsHandlers: Record<string, Handler> = { DescribeOrganization, ListAccounts };
