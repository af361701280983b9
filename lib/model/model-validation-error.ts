export interface ModelIssue {
  /** Dotted path of the field, e.g. `targetAccountIds[3]` or `names.role`; empty for the whole model. */
  path: string;
  /** Names the field and says what is allowed. Never contains a secret value. */
  message: string;
}

export class ModelValidationError extends Error {
  readonly issues: ModelIssue[];
  constructor(issues: ModelIssue[]) {
    super(`The access model is invalid:\n${issues.map((i) => `- ${i.message}`).join("\n")}`);
    this.name = "ModelValidationError";
    this.issues = issues;
  }
}
