/** Where the deploy stage's pieces listen (fixed, overridable: the config and its workers must agree). */
export const DEPLOY_HOST = "beaconport.test";

export function deployPorts(): { instances: [number, number]; nginx: number; control: number } {
  const base = Number(process.env.DEPLOY_PORT_BASE ?? 3640);
  return { instances: [base + 1, base + 2], nginx: base + 3, control: base + 4 };
}

export interface DeployInfo {
  publicUrl: string;
  instances: number[];
  nginxAccessLog: string;
  dataDir: string;
  /** Whether a "next version" build is ready for POST /upgrade. */
  nextVersion: boolean;
}
