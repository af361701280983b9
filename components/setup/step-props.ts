import type { SetupContext } from "@/lib/setup/setup-context";
import type { ConnectionView } from "@/lib/setup/types";

export type { SetupContext } from "@/lib/setup/setup-context";

export interface StepProps {
  connection: ConnectionView;
  canEdit: boolean;
  context: SetupContext;
}
