/** What a service handler gets for one authenticated call. */
import { authorize, type Decision } from "./authorize";
import { AwsError, validationError } from "./errors";
import type { FaultEngine } from "./faults";
import { commonErrors, type ServiceName } from "./protocol";
import type { Quotas } from "./quotas";
import type { Account, Principal, SandboxState } from "./state";

export class Params {
  constructor(private readonly values: URLSearchParams | Map<string, string>) {}

  get(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === "") {
      throw validationError(`1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  int(name: string): number | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n)) throw validationError(`Invalid value for ${name}: ${value}`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : value === "true";
  }

  /** `Prefix.1`, `Prefix.2`, ... in order (`Prefix` like `ActionNames.member` or `InstanceId`). */
  list(prefix: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const value = this.get(`${prefix}.${i}`);
      if (value === undefined) break;
      out.push(value);
    }
    return out;
  }

  /** Structured list members: `Prefix.N.Field...` → one Params per N. */
  structs(prefix: string): Params[] {
    const out: Params[] = [];
    for (let i = 1; ; i++) {
      const head = `${prefix}.${i}.`;
      const sub = new Map<string, string>();
      for (const [k, v] of this.entries()) if (k.startsWith(head)) sub.set(k.slice(head.length), v);
      if (sub.size === 0) break;
      out.push(new Params(sub));
    }
    return out;
  }

  private entries(): [string, string][] {
    return [...this.values.entries()];
  }
}

export interface AuthorizeOptions {
  resourceAccount?: string;
  resourcePolicy?: string;
  context?: Record<string, string | string[]>;
}

export class CallContext {
  constructor(
    readonly state: SandboxState,
    readonly faults: FaultEngine,
    /** IAM's quotas in force (control API). */
    readonly quotas: Quotas,
    readonly now: number,
    readonly service: ServiceName,
    readonly action: string,
    readonly region: string,
    readonly principal: Principal,
    readonly account: Account,
    readonly params: Params,
    readonly json: Record<string, unknown>,
  ) {}

  /** When a change made now becomes effective (the fault config's propagation delay). */
  get effectiveAt(): number {
    return this.now + this.faults.propagationDelayMs;
  }

  decide(action: string, resourceArn: string, options: AuthorizeOptions = {}): Promise<Decision> {
    return authorize({
      principalArn: this.principal.arn,
      principalAccount: this.principal.accountId,
      action,
      resourceArn,
      resourceAccount: options.resourceAccount ?? this.account.id,
      identityPolicies: this.state.identityPolicies(this.principal, this.now),
      resourcePolicy: options.resourcePolicy,
      context: options.context,
    });
  }

  /** Throws the service's access-denied error unless `action` on `resourceArn` is allowed. */
  async authorize(action: string, resourceArn: string, options: AuthorizeOptions = {}): Promise<void> {
    const decision = await this.decide(action, resourceArn, options);
    if (decision !== "Allowed") {
      throw commonErrors.accessDenied(
        this.service,
        this.principal.arn,
        action,
        resourceArn,
        decision === "ExplicitlyDenied",
        options.resourcePolicy !== undefined,
      );
    }
  }
}

export type Handler = (ctx: CallContext) => Promise<unknown>;

export { AwsError };
