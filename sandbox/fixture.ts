/** Loading and checking fixtures (JSON files are user input: validated with zod). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { SandboxFixture } from "./types";

const policyDocument = z.object({ Version: z.string().optional(), Statement: z.unknown() }).passthrough();
const named = z.object({ name: z.string().min(1) });
const regional = z.object({ region: z.string().min(1) }).passthrough();

const fixtureSchema = z.object({
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/).optional(),
  regions: z.array(z.string()).optional(),
  accounts: z
    .array(
      z
        .object({
          accountId: z.string().regex(/^\d{12}$/),
          name: z.string().min(1),
          email: z.string().optional(),
          alias: z.string().regex(/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/).optional(),
          role: z.enum(["management", "member"]),
          inOrganization: z.boolean().optional(),
          policies: z.array(named.extend({ document: policyDocument }).passthrough()).optional(),
          users: z
            .array(
              named
                .extend({
                  accessKeys: z
                    .array(z.object({ accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/), secretAccessKey: z.string().min(16) }).passthrough())
                    .optional(),
                })
                .passthrough(),
            )
            .optional(),
          groups: z.array(named.passthrough()).optional(),
          roles: z.array(named.extend({ trustPolicy: policyDocument }).passthrough()).optional(),
          ec2Instances: z.array(regional.extend({ instanceId: z.string(), instanceType: z.string() })).optional(),
          dedicatedHosts: z.array(regional.extend({ hostId: z.string() })).optional(),
          reservedInstances: z.array(regional.extend({ reservedInstancesId: z.string() })).optional(),
          dbInstances: z.array(regional.extend({ identifier: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/), engine: z.string() })).optional(),
        })
        .passthrough(),
    )
    .min(1),
});

export function parseFixture(value: unknown): SandboxFixture {
  const result = fixtureSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`invalid sandbox fixture: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return value as SandboxFixture;
}

export function loadFixtureFile(file: string): SandboxFixture {
  return parseFixture(JSON.parse(readFileSync(file, "utf8")) as unknown);
}

export const DEFAULT_FIXTURE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "default-organization.json");

export function defaultFixture(): SandboxFixture {
  return loadFixtureFile(DEFAULT_FIXTURE_FILE);
}
