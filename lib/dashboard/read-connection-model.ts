/**
 * The few fields of a stored connection model (Connection.model JSON) the dashboard and access map
 * show, read leniently: a draft may lack most of them, and a damaged value must not break a page
 * listing 1,000 accounts. Defaults are the procedure's own names. Pure.
 */
import { DEFAULT_NAMES, DEFAULT_ROLE_PATH } from "@/lib/model/defaults";
import type { ResourceNames } from "@/lib/model/types";

export interface ConnectionModelSummary {
  homeAccountId: string | null;
  externalId: string | null;
  names: ResourceNames;
  rolePath: string;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function readConnectionModel(text: string | null | undefined): ConnectionModelSummary {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const names = (raw.names && typeof raw.names === "object" ? raw.names : {}) as Record<string, unknown>;
  return {
    homeAccountId: str(raw.homeAccountId),
    externalId: str(raw.externalId),
    names: {
      inventoryPolicy: str(names.inventoryPolicy) ?? DEFAULT_NAMES.inventoryPolicy,
      readRolesPolicy: str(names.readRolesPolicy) ?? DEFAULT_NAMES.readRolesPolicy,
      role: str(names.role) ?? DEFAULT_NAMES.role,
      user: str(names.user) ?? DEFAULT_NAMES.user,
    },
    rolePath: str(raw.rolePath) ?? DEFAULT_ROLE_PATH,
  };
}
