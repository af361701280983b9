/** What the Manage page passes its panels (each takes the part it needs). */
export interface ManageProps {
  connectionId: string;
  name: string;
  targetAccountIds: string[];
  accessKeyId: string | null;
  credentials: { held: boolean; expiresAt: string | null; principalArn: string | null };
  webhook: { url: string | null; signed: boolean; lastStatus: string | null };
}
