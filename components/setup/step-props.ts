import type { SetupContext } from "@/lib/setup/setup-context";
import type { ConnectionView } from "@/lib/connections/types";

export type { SetupContext } from "@/lib/setup/setup-context";

export interface StepProps {
  connection: ConnectionView;
  canEdit: boolean;
  context: SetupContext;
}
