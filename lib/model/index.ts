export type * from "./types";
export { accessModelSchema, READ_ROLES_POLICY_NAME_MAX, type AccessModelInput } from "./access-model-schema";
export { parseAccessModel, safeParseAccessModel, formatPath, MODEL_FIELDS } from "./parse-access-model";
export { ModelValidationError, type ModelIssue } from "./model-validation-error";
export { modelWarnings } from "./model-warnings";
export {
  DEFAULT_NAMES,
  DEFAULT_CONNECTION_NAME,
  DEFAULT_ROLE_PATH,
  DEFAULT_MAX_SESSION_SECONDS,
  MIN_MAX_SESSION_SECONDS,
  MAX_MAX_SESSION_SECONDS,
  SOURCE_TYPE,
  ADAPTER_TYPE,
} from "./defaults";
export { AWS_REGIONS, AWS_REGION_IDS, DEFAULT_REGIONS } from "./regions";
export { generateExternalId } from "./generate-external-id";
export { normalizeProxyServer, checkProxyServer } from "./normalize-proxy-server";
export {
  accountIdSchema,
  iamNameSchema,
  rolePathSchema,
  externalIdSchema,
  regionSchema,
  rdsPatternSchema,
  rdsScopeSchema,
  proxySchema,
  proxyServerSchema,
  connectionNameSchema,
  sourceTypeSchema,
  adapterTypeSchema,
  maxSessionSchema,
  IAM_NAME_CHARACTERS,
  type IamNameKind,
} from "./field-schemas";
