/**
 * The control API: the same operations in-process (`SandboxControl`) and over HTTP (JSON under
 * `/_sandbox`). It is unauthenticated by design: the sandbox listens on loopback only by default.
 */
import { z } from "zod";
import type { SandboxEngine } from "./engine";
import { faultConfigSchema } from "./faults";
import { ADMIN_USER, standardAccount } from "./generate-organization";
import type { Account } from "./state";
import type { CreateAccountInput, FaultConfig, QuotaSettings, RequestFilter, SandboxAccountInfo, SandboxControl } from "./types";

const requestFilterSchema = z
  .object({
    accountId: z.string().optional(),
    service: z.string().optional(),
    action: z.string().optional(),
    outcome: z.string().optional(),
    principalArn: z.string().optional(),
    since: z.string().optional(),
  })
  .strict();

const createAccountSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/).optional(),
    name: z.string().min(1).max(50),
    alias: z.string().regex(/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/).optional(),
  })
  .strict();

/** Admin credentials of an account: the first key of `sandbox-admin`, else the first key found. */
export function accountInfo(account: Account): SandboxAccountInfo {
  const users = [account.users.get(ADMIN_USER), ...account.users.values()];
  const key = users.find((u) => u && u.accessKeys.length > 0)?.accessKeys[0];
  return {
    accountId: account.id,
    name: account.name,
    alias: account.aliases[0],
    role: account.role,
    accessKeyId: key?.accessKeyId ?? "",
    secretAccessKey: key?.secretAccessKey ?? "",
  };
}

export function createControl(engine: SandboxEngine): SandboxControl {
  return {
    async setFaults(faults: FaultConfig) {
      engine.faults.set(faultConfigSchema.parse(faults));
    },
    async getFaults() {
      return engine.faults.get();
    },
    async clearFaults() {
      engine.faults.clear();
    },
    async requests(filter?: RequestFilter) {
      return engine.log.list(requestFilterSchema.parse(filter ?? {}));
    },
    async clearRequests() {
      engine.log.clear();
    },
    async dump() {
      return engine.state.dump();
    },
    async reset() {
      engine.reset();
    },
    async createAccount(input: CreateAccountInput) {
      const parsed = createAccountSchema.parse(input);
      let accountId = parsed.accountId;
      if (!accountId) {
        let n = 900_000_000_000 + engine.state.accounts.size;
        while (engine.state.accounts.has(String(n))) n++;
        accountId = String(n);
      }
      if (engine.state.accounts.has(accountId)) throw new Error(`account ${accountId} already exists`);
      const account = engine.addAccount(
        standardAccount({ accountId, name: parsed.name, alias: parsed.alias, role: "member", managementAccountId: engine.state.managementAccountId }),
      );
      return accountInfo(account);
    },
    async getQuotas() {
      return engine.quotas.list();
    },
    async setQuotas(quotas: QuotaSettings) {
      engine.quotas.set(quotas);
    },
    async resetQuotas() {
      engine.quotas.reset();
    },
  };
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

/** Routes `/_sandbox/...` requests to the control operations. */
export async function handleControlRequest(
  control: SandboxControl,
  info: () => unknown,
  method: string,
  subPath: string,
  query: URLSearchParams,
  body: string,
): Promise<ControlResponse> {
  const json = (): unknown => (body.trim() ? (JSON.parse(body) as unknown) : {});
  try {
    const route = `${method} ${subPath.replace(/\/+$/, "") || "/"}`;
    switch (route) {
      case "GET /":
        return { status: 200, body: info() };
      case "GET /faults":
        return { status: 200, body: await control.getFaults() };
      case "PUT /faults":
      case "POST /faults":
        await control.setFaults(json() as FaultConfig);
        return { status: 200, body: await control.getFaults() };
      case "DELETE /faults":
        await control.clearFaults();
        return { status: 200, body: {} };
      case "GET /requests": {
        const requests = await control.requests(Object.fromEntries(query) as RequestFilter);
        return { status: 200, body: { count: requests.length, requests } };
      }
      case "DELETE /requests":
        await control.clearRequests();
        return { status: 200, body: {} };
      case "GET /state":
        return { status: 200, body: await control.dump() };
      case "POST /reset":
        await control.reset();
        return { status: 200, body: {} };
      case "GET /quotas":
        return { status: 200, body: await control.getQuotas() };
      case "PUT /quotas":
      case "POST /quotas":
        await control.setQuotas(json() as QuotaSettings);
        return { status: 200, body: await control.getQuotas() };
      case "DELETE /quotas":
        await control.resetQuotas();
        return { status: 200, body: await control.getQuotas() };
      case "POST /accounts":
        return { status: 201, body: await control.createAccount(json() as CreateAccountInput) };
      default:
        return { status: 404, body: { error: `no control route ${route}` } };
    }
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")
        : error instanceof Error
          ? error.message
          : String(error);
    return { status: 400, body: { error: message } };
  }
}
