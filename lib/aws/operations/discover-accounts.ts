import "server-only";
import { DescribeOrganizationCommand, ListAccountsCommand, type Account } from "@aws-sdk/client-organizations";
import type { AwsClients } from "../clients";
import { awsErrorCode, toAwsOperationError } from "../errors";
import { collectTokenPages } from "../paginate";

export interface DiscoveredAccount {
  accountId: string;
  name?: string;
  email?: string;
  status?: string;
}

export type DiscoverAccountsResult =
  | { available: true; managementAccountId?: string; accounts: DiscoveredAccount[] }
  | { available: false; reason: string; code: string };

/**
 * Member accounts through AWS Organizations, when the caller may (management account or a
 * delegated administrator). Anything else is an expected answer, not an error: the user then types
 * account IDs in.
 */
export async function discoverAccounts(clients: AwsClients): Promise<DiscoverAccountsResult> {
  try {
    const [org, accounts] = await Promise.all([
      clients.organizations.send(new DescribeOrganizationCommand({})).catch(() => undefined),
      collectTokenPages<Account>(async (NextToken) => {
        const out = await clients.organizations.send(new ListAccountsCommand({ NextToken }));
        return { items: out.Accounts, next: out.NextToken };
      }),
    ]);
    return {
      available: true,
      managementAccountId: org?.Organization?.MasterAccountId,
      accounts: accounts
        .filter((a) => a.Id)
        .map((a) => ({ accountId: a.Id as string, name: a.Name, email: a.Email, status: a.Status }))
        .sort((a, b) => a.accountId.localeCompare(b.accountId)),
    };
  } catch (err) {
    const code = awsErrorCode(err);
    const known: Record<string, string> = {
      AWSOrganizationsNotInUseException: "This account is not part of an AWS Organization.",
      AccessDeniedException: "These credentials may not list the organization's accounts (only the management account or a delegated administrator can).",
      AccessDenied: "These credentials may not list the organization's accounts (only the management account or a delegated administrator can).",
    };
    if (known[code]) return { available: false, reason: known[code], code };
    throw toAwsOperationError(err, { action: "organizations:ListAccounts" });
  }
}
