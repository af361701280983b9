/**
 * Step 4's external-ID radios: which choices there are, and which one is shown selected. Pure
 * (client-safe), so the rule is tested once and the form only renders it.
 *
 * The choices depend on what is stored (with an external ID: keep / regenerate / enter / none; without:
 * generate / enter / none). After a Save the stored state changes under the form ("generate" was
 * chosen, now there is an ID to keep): a choice that no longer exists must not leave every radio empty,
 * so the current stored state is shown instead.
 */
import type { DraftModel } from "@/lib/connections/types";

export type ExternalIdChoice = "keep" | "regenerate" | "generate" | "enter" | "none";

const LABELS: Record<ExternalIdChoice, string> = {
  keep: "Keep",
  regenerate: "Generate a new one",
  generate: "Generate a strong one",
  enter: "Enter my own",
  none: "No external ID",
};

export function externalIdChoices(model: Pick<DraftModel, "externalId">): { value: ExternalIdChoice; label: string }[] {
  const values: ExternalIdChoice[] = model.externalId ? ["keep", "regenerate", "enter", "none"] : ["generate", "enter", "none"];
  return values.map((value) => ({ value, label: LABELS[value] }));
}

/** What the stored model amounts to: an ID to keep, a confirmed "none", or nothing chosen yet (generate is proposed). */
export function storedExternalIdChoice(model: Pick<DraftModel, "externalId" | "noExternalId">): ExternalIdChoice {
  return model.externalId ? "keep" : model.noExternalId ? "none" : "generate";
}

/** The radio shown selected: the admin's pick while it is one of the choices, else the stored state. */
export function shownExternalIdChoice(model: Pick<DraftModel, "externalId" | "noExternalId">, picked: string | undefined): ExternalIdChoice {
  const choices = externalIdChoices(model).map((c) => c.value as string);
  return picked !== undefined && choices.includes(picked) ? (picked as ExternalIdChoice) : storedExternalIdChoice(model);
}
