import { prepareSetupToken } from "@/lib/auth/setup-token";
import { createFirstAdmin } from "@/lib/users/create-first-admin";

/** The first administrator, created as the setup screen does: with the setup token the server start prepared. */
export async function createTestFirstAdmin(input: { email: string; name: string; password: string }): Promise<void> {
  const prepared = await prepareSetupToken();
  if (prepared.state !== "ready") throw new Error(`no setup token to use (${prepared.state})`);
  await createFirstAdmin({ ...input, setupToken: prepared.token }, { ip: null });
}
