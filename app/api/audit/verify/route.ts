import { route } from "@/lib/actions/route";
import { verifyAuditChain } from "@/lib/audit";

/** Re-verifies the audit chain (reviewers may: it reveals no secret). */
export const GET = route({ role: "reviewer" }, async () => Response.json(await verifyAuditChain()));
