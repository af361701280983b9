/**
 * The demo's administrator (scripts/demo.ts): created as the setup screen creates the first one, with the
 * setup token the start prepares, then given a one-time password, as an administrator's "new user with an
 * initial password" is: it must be changed at the first sign-in.
 */
import { getDb } from "@/lib/db";
import { prepareSetupToken } from "@/lib/auth/setup-token";
import { createFirstAdmin } from "@/lib/users/create-first-admin";
import { generateInitialPassword } from "@/lib/users/one-time-secrets";

export const DEMO_ADMIN = { email: "admin@demo.beaconport.test", name: "Demo administrator" };

export async function seedDemoAdministrator(): Promise<{ email: string; password: string }> {
  const prepared = await prepareSetupToken();
  if (prepared.state !== "ready") throw new Error(`the demo database is not empty (${prepared.state})`);
  const password = generateInitialPassword();
  const { userId } = await createFirstAdmin({ ...DEMO_ADMIN, password, setupToken: prepared.token }, { ip: null });
  await getDb().user.update({ where: { id: userId }, data: { mustChangePassword: true } });
  await getDb().$disconnect();
  return { email: DEMO_ADMIN.email, password };
}
