/**
 * The rollout's steps come from one registry (ROLLOUT_STEPS): a run emits, for each account, exactly
 * its scope's registered steps, in the registry's order, and nothing else. A step added to the run
 * and not to the registry (or the reverse) fails here, as the wizard's labels and counts read the
 * registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsClients } from "../clients";
import { HOME, startSandboxHome, TARGETS, testModel, type SandboxHome } from "../test-support";
import { runRollout, type RolloutEvent } from "./index";
import { ROLLOUT_STEPS, rolloutStepsOf } from "./types";

let world: SandboxHome;
let home: AwsClients;

beforeAll(async () => {
  world = await startSandboxHome();
  ({ home } = world);
});
afterAll(() => world.stop());

describe("a rollout's steps are the registry's", () => {
  it("each account goes through its scope's registered steps, in order, and through no other step", async () => {
    const events: RolloutEvent[] = [];
    // One target set up by hand and one unreachable: their steps are skipped, still the registered ones.
    const manual = TARGETS[0]!;
    const unreachable = "999999999999";
    const model = testModel({ targetAccountIds: [...TARGETS, unreachable] });
    const result = await runRollout(model, { home, targets: { kind: "assume" }, overrides: { [manual]: { kind: "manual" } } }, { onEvent: (e) => events.push(e), propagation: { windowMs: 3000, initialDelayMs: 20 } });
    expect(result.failedAccounts).toEqual([unreachable]);
    const registered = new Set<string>(ROLLOUT_STEPS.map((s) => s.id));
    expect(events.filter((e) => !registered.has(e.step))).toEqual([]);
    for (const accountId of [HOME, ...TARGETS, unreachable]) {
      const scope = accountId === HOME ? "home" : "target";
      const firstSeen = [...new Set(events.filter((e) => e.accountId === accountId).map((e) => e.step))];
      expect(firstSeen, accountId).toEqual(rolloutStepsOf(scope));
      const finished = result.accounts.filter((a) => a.accountId === accountId).flatMap((a) => a.steps.map((s) => s.step));
      expect([...finished].sort(), accountId).toEqual([...rolloutStepsOf(scope)].sort());
    }
  });
});
