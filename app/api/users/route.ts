import { route } from "@/lib/actions/route";
import { listUsers } from "@/lib/users/list-users";

/** Users as JSON for administrators (no password hashes: lib/db omits them globally). */
export const GET = route({ role: "admin" }, async () => Response.json({ users: await listUsers() }));
