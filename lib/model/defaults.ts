import type { ResourceNames } from "./types";

/** The procedure's own example names (steps 2, 3, 4 and 6). */
export const DEFAULT_NAMES: Readonly<ResourceNames> = Object.freeze({
  inventoryPolicy: "ListInventoryForFNMS",
  readRolesPolicy: "ReadRolesForFNMS",
  role: "ListEC2ForFNMSRole",
  user: "FNMSUser",
});

export const DEFAULT_CONNECTION_NAME = "AWS inventory (Direct)";
export const DEFAULT_ROLE_PATH = "/";
/** AWS's minimum, and what the beacon needs: one hour per assumed-role session. */
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
export const MIN_MAX_SESSION_SECONDS = 3600;
export const MAX_MAX_SESSION_SECONDS = 43200;
export const SOURCE_TYPE = "Amazon Web Services" as const;
export const ADAPTER_TYPE = "Direct" as const;
