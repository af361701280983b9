import type { AccessModel, PolicyDocument } from "@/lib/model/types";
import { INVENTORY_ACTIONS, RDS_ACTION, SID } from "./constants";
import { rdsArns } from "./arns";

/** Step 2: the read-only inventory policy of one target account. */
export function buildInventoryPolicy(model: AccessModel, targetAccountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: SID.inventory, Effect: "Allow", Action: [...INVENTORY_ACTIONS], Resource: "*" },
      { Sid: SID.rds, Effect: "Allow", Action: [RDS_ACTION], Resource: rdsArns(model, targetAccountId) },
    ],
  };
}
