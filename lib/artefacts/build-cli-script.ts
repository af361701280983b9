import type { AccessModel } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy } from "@/lib/policies";
import { inventoryPolicyDescription, provenance, readRolesPolicyDescription, roleDescription } from "./describe";
import { shellQuote, singleLine } from "./quote";

/** Stands for the target account inside the inventory policy template; replaced by bash per account. */
const ACCOUNT_PLACEHOLDER = "__ACCOUNT_ID__";

/** The credentials CSV header of the IAM console's "Download .csv file" (also what `aws configure import` reads). */
export const CREDENTIALS_CSV_HEADER = "User name,Password,Access key ID,Secret access key,Console login link";

function heredocVar(name: string, json: string): string {
  // A quoted heredoc delimiter: bash expands nothing inside, whatever the JSON holds.
  return `${name}="$(cat <<'JSON'\n${json}\nJSON\n)"`;
}

function unescapeBash(s: string): string {
  return s.replace(/\$\\\{/g, "${");
}

function json(doc: unknown): string {
  return JSON.stringify(doc, null, 2);
}

/**
 * The reusable bash functions; no model data, so it is easy to review once. Written with `$\{` for
 * bash's `${` (a template literal would interpolate it), restored by `unescapeBash`.
 */
const LIBRARY = String.raw`
# ---------------------------------------------------------------------------------------------
# Plumbing. Credentials per account (choose one; see README.md):
#   HOME_PROFILE             AWS CLI profile for the home account (default: the CLI's default credentials)
#   TARGET_PROFILE_TEMPLATE  profile per target account, "{account}" replaced by its ID, e.g. "fnms-{account}"
#   ASSUME_ROLE_NAME         or: assume this role in each target account from the home credentials,
#                            e.g. OrganizationAccountAccessRole
#   nothing                  every account uses the default credentials (one account, or the sandbox)
# Other settings:
#   AWS_ENDPOINT_URL         sent as --endpoint-url with every call (AWS CLI 2.9 ignores the variable itself)
#   AWS_CLI                  the aws command (default: aws)
#   CREDENTIALS_CSV          where a new access key is written (default: ./<user>_credentials.csv)
#   SKIP_ACCOUNT_CHECK=1     do not check with sts get-caller-identity that credentials match the account
# Flags: --dry-run (read only, print what would change), --home-only, --targets-only
# ---------------------------------------------------------------------------------------------
export AWS_PAGER=""
export AWS_DEFAULT_REGION="$\{AWS_DEFAULT_REGION:-$\{AWS_REGION:-us-east-1}}"
AWS_CLI="$\{AWS_CLI:-aws}"
DRY_RUN=0
DO_HOME=1
DO_TARGETS=1
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --home-only) DO_TARGETS=0 ;;
    --targets-only) DO_HOME=0 ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (use --dry-run, --home-only, --targets-only)" >&2; exit 2 ;;
  esac
done

ENDPOINT_ARGS=()
if [[ -n "$\{AWS_ENDPOINT_URL:-}" ]]; then ENDPOINT_ARGS=(--endpoint-url "$AWS_ENDPOINT_URL"); fi

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

die() { echo "error: $*" >&2; exit 1; }
report() { printf '  %-10s %s\n' "$1" "$2"; }
# Reports a change mutate made; a dry run made none (mutate already said what it would run).
report_change() { ((DRY_RUN)) || report "$1" "$2"; }

command -v "$AWS_CLI" >/dev/null 2>&1 || die "the AWS CLI ($AWS_CLI) is not installed"
if command -v python3 >/dev/null 2>&1; then
  canon() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True, separators=(",", ":")))'; }
elif command -v jq >/dev/null 2>&1; then
  canon() { jq -cS .; }
else
  die "python3 or jq is needed to compare policy documents"
fi

CTX_ACCOUNT=""
CTX_ARGS=()
CTX_ENV=()

# Runs the AWS CLI with the current account's credentials.
awsx() {
  if (($\{#CTX_ENV[@]} > 0)); then
    env -u AWS_PROFILE "$\{CTX_ENV[@]}" "$AWS_CLI" $\{ENDPOINT_ARGS[@]+"$\{ENDPOINT_ARGS[@]}"} "$@"
  else
    "$AWS_CLI" $\{ENDPOINT_ARGS[@]+"$\{ENDPOINT_ARGS[@]}"} $\{CTX_ARGS[@]+"$\{CTX_ARGS[@]}"} "$@"
  fi
}

# Runs a read; prints its output. Returns 1 when the entity does not exist, stops on any other error.
get_or_missing() {
  local out rc=0
  out="$(awsx "$@" 2>"$WORK_DIR/err")" || rc=$?
  if ((rc == 0)); then printf '%s' "$out"; return 0; fi
  if grep -q 'NoSuchEntity' "$WORK_DIR/err"; then return 1; fi
  cat "$WORK_DIR/err" >&2
  die "aws $1 $2 failed in account $CTX_ACCOUNT"
}

# Runs a change, or only shows it with --dry-run.
mutate() {
  if ((DRY_RUN)); then
    report "would run" "aws $1 $2 (account $CTX_ACCOUNT)"
    return 0
  fi
  awsx "$@" >/dev/null
}

use_account() {
  local account="$1"
  CTX_ACCOUNT="$account"
  CTX_ARGS=()
  CTX_ENV=()
  if [[ "$account" == "$HOME_ACCOUNT_ID" ]]; then
    if [[ -n "$\{HOME_PROFILE:-}" ]]; then CTX_ARGS=(--profile "$HOME_PROFILE"); fi
  elif [[ -n "$\{TARGET_PROFILE_TEMPLATE:-}" ]]; then
    CTX_ARGS=(--profile "$\{TARGET_PROFILE_TEMPLATE//\{account\}/$account}")
  elif [[ -n "$\{ASSUME_ROLE_NAME:-}" ]]; then
    local creds key secret token
    # The session's secret stays in this process's memory and the child's environment; never printed.
    creds="$("$AWS_CLI" $\{ENDPOINT_ARGS[@]+"$\{ENDPOINT_ARGS[@]}"} $\{HOME_PROFILE:+--profile "$HOME_PROFILE"} sts assume-role \
      --role-arn "arn:aws:iam::$\{account}:role/$\{ASSUME_ROLE_NAME}" --role-session-name beaconport-setup \
      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)" \
      || die "cannot assume $\{ASSUME_ROLE_NAME} in account $account"
    read -r key secret token <<<"$creds"
    CTX_ENV=("AWS_ACCESS_KEY_ID=$key" "AWS_SECRET_ACCESS_KEY=$secret" "AWS_SESSION_TOKEN=$token")
  fi
  if [[ "$\{SKIP_ACCOUNT_CHECK:-0}" != 1 ]]; then
    local actual
    actual="$(awsx sts get-caller-identity --query Account --output text)" || die "no working credentials for account $account"
    [[ "$actual" == "$account" ]] || die "the credentials for account $account belong to account $actual; set HOME_PROFILE, TARGET_PROFILE_TEMPLATE or ASSUME_ROLE_NAME (see README.md)"
  fi
  echo "Account $account"
}

# ensure_policy NAME PATH DOCUMENT DESCRIPTION: get or create; a new default version only when the document differs.
ensure_policy() {
  local name="$1" path="$2" doc="$3" description="$4"
  local arn="arn:aws:iam::$\{CTX_ACCOUNT}:policy$\{path}$\{name}"
  local version
  if version="$(get_or_missing iam get-policy --policy-arn "$arn" --query 'Policy.DefaultVersionId' --output text)"; then
    local current wanted
    current="$(awsx iam get-policy-version --policy-arn "$arn" --version-id "$version" --query 'PolicyVersion.Document' --output json | canon)"
    wanted="$(printf '%s' "$doc" | canon)"
    if [[ "$current" == "$wanted" ]]; then
      report unchanged "policy $name"
      return 0
    fi
    # IAM keeps at most 5 versions: make room by deleting the oldest non-default one first.
    local count
    count="$(awsx iam list-policy-versions --policy-arn "$arn" --query 'length(Versions)' --output text)"
    if ((count >= 5)); then
      local oldest
      oldest="$(awsx iam list-policy-versions --policy-arn "$arn" --query 'sort_by(Versions[?IsDefaultVersion==` + "`false`" + String.raw`], &CreateDate)[0].VersionId' --output text)"
      mutate iam delete-policy-version --policy-arn "$arn" --version-id "$oldest"
      report_change deleted "policy $name version $oldest (IAM keeps at most 5)"
    fi
    mutate iam create-policy-version --policy-arn "$arn" --policy-document "$doc" --set-as-default
    report_change updated "policy $name (new default version)"
  else
    mutate iam create-policy --policy-name "$name" --path "$path" --policy-document "$doc" --description "$description"
    report_change created "policy $name"
  fi
}

# ensure_role NAME PATH TRUST MAX_SESSION DESCRIPTION POLICY_ARN
ensure_role() {
  local name="$1" path="$2" trust="$3" max_session="$4" description="$5" policy_arn="$6"
  local info created=0
  if info="$(get_or_missing iam get-role --role-name "$name" --query 'Role.[Path,MaxSessionDuration]' --output text)"; then
    local have_path have_max
    read -r have_path have_max <<<"$info"
    [[ "$have_path" == "$path" ]] || die "role $name in account $CTX_ACCOUNT has path $have_path, the model says $path (a role's path cannot change: delete the role or change the model)"
    local current wanted
    current="$(awsx iam get-role --role-name "$name" --query 'Role.AssumeRolePolicyDocument' --output json | canon)"
    wanted="$(printf '%s' "$trust" | canon)"
    if [[ "$current" == "$wanted" ]]; then
      report unchanged "role $name trust policy"
    else
      mutate iam update-assume-role-policy --role-name "$name" --policy-document "$trust"
      report_change updated "role $name trust policy"
    fi
    if [[ "$have_max" == "$max_session" ]]; then
      report unchanged "role $name maximum session ($max_session s)"
    else
      mutate iam update-role --role-name "$name" --max-session-duration "$max_session"
      report_change updated "role $name maximum session ($have_max s -> $max_session s)"
    fi
  else
    mutate iam create-role --role-name "$name" --path "$path" --assume-role-policy-document "$trust" \
      --max-session-duration "$max_session" --description "$description"
    report_change created "role $name"
    created=1
  fi
  local attached=""
  if ! ((DRY_RUN && created)); then
    attached="$(awsx iam list-attached-role-policies --role-name "$name" --query 'AttachedPolicies[].PolicyArn' --output text)"
  fi
  if [[ " $\{attached//$'\t'/ } " == *" $policy_arn "* ]]; then
    report unchanged "role $name has the inventory policy attached"
  else
    mutate iam attach-role-policy --role-name "$name" --policy-arn "$policy_arn"
    report_change attached "inventory policy to role $name"
  fi
}

# ensure_user NAME: get or create; attach managed policies (never an inline policy: the beacon ignores those).
ensure_user() {
  local name="$1"
  shift
  local created=0
  if get_or_missing iam get-user --user-name "$name" >/dev/null; then
    report unchanged "user $name"
  else
    mutate iam create-user --user-name "$name"
    report_change created "user $name"
    created=1
  fi
  local attached=""
  if ! ((DRY_RUN && created)); then
    attached="$(awsx iam list-attached-user-policies --user-name "$name" --query 'AttachedPolicies[].PolicyArn' --output text)"
  fi
  local arn
  for arn in "$@"; do
    if [[ " $\{attached//$'\t'/ } " == *" $arn "* ]]; then
      report unchanged "user $name has $\{arn##*/} attached"
    else
      mutate iam attach-user-policy --user-name "$name" --policy-arn "$arn"
      report_change attached "$\{arn##*/} to user $name"
    fi
  done
}

# ensure_access_key NAME: only when the user has none, written like the console's credentials CSV.
ensure_access_key() {
  local name="$1" count=0
  local csv="$\{CREDENTIALS_CSV:-./$\{name}_credentials.csv}"
  if ! ((DRY_RUN)) || get_or_missing iam get-user --user-name "$name" >/dev/null; then
    count="$(awsx iam list-access-keys --user-name "$name" --query 'length(AccessKeyMetadata)' --output text)"
  fi
  if ((count > 0)); then
    report unchanged "user $name already has $count access key(s); none created (a lost secret cannot be read back: rotate the key instead)"
    return 0
  fi
  if ((DRY_RUN)); then
    report "would run" "aws iam create-access-key (account $CTX_ACCOUNT), saved to $csv"
    return 0
  fi
  [[ ! -e "$csv" ]] || die "$csv exists; move it away or set CREDENTIALS_CSV (it is never overwritten)"
  local out key secret
  out="$(awsx iam create-access-key --user-name "$name" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)"
  read -r key secret <<<"$out"
  (
    umask 077
    printf '%s\n%s,,%s,%s,https://%s.signin.aws.amazon.com/console\n' "$CSV_HEADER" "$name" "$key" "$secret" "$CTX_ACCOUNT" >"$csv"
  )
  report created "access key $key for $name; saved to $csv (keep it safe: the secret cannot be shown again)"
}
`;

/**
 * An idempotent bash script doing what the procedure's steps 2-6 do in the console, with the AWS
 * CLI: get or create every policy, role and user; update a policy only when its document differs;
 * attach managed policies only. Comments name the procedure's steps.
 */
export function buildCliScript(model: AccessModel): string {
  const readRoles = buildReadRolesPolicies(model);
  const inventoryTemplate = json(buildInventoryPolicy(model, ACCOUNT_PLACEHOLDER));
  const trust = json(buildTrustPolicy(model));
  const lines: string[] = [];
  lines.push("#!/usr/bin/env bash");
  lines.push("# FlexNet Beacon \"Direct\" AWS access: the procedure's IAM steps 2-6 as AWS CLI calls.");
  for (const p of provenance(model)) lines.push(`# ${p}`);
  lines.push("# Safe to re-run: each step gets or creates, and changes only what differs from the model.");
  lines.push("# Usage: ./setup.sh [--dry-run] [--home-only | --targets-only]   (environment: see below and README.md)");
  lines.push("set -euo pipefail");
  lines.push(unescapeBash(LIBRARY).trimEnd());
  lines.push("");
  lines.push("# ---------------------------------------------------------------------------------------------");
  lines.push("# The model");
  lines.push("# ---------------------------------------------------------------------------------------------");
  lines.push(`CSV_HEADER=${shellQuote(CREDENTIALS_CSV_HEADER)}`);
  lines.push(`HOME_ACCOUNT_ID=${shellQuote(model.homeAccountId)}`);
  lines.push("TARGET_ACCOUNT_IDS=(");
  for (const id of model.targetAccountIds) lines.push(`  ${shellQuote(id)}`);
  lines.push(")");
  lines.push(`IAM_PATH=${shellQuote(model.rolePath)}`);
  lines.push(`INVENTORY_POLICY_NAME=${shellQuote(model.names.inventoryPolicy)}`);
  lines.push(`ROLE_NAME=${shellQuote(model.names.role)}`);
  lines.push(`USER_NAME=${shellQuote(model.names.user)}`);
  lines.push(`MAX_SESSION=${model.maxSessionDurationSeconds}`);
  lines.push("");
  lines.push(`# Step 2: the inventory policy; ${ACCOUNT_PLACEHOLDER} becomes each target account's ID.`);
  lines.push(heredocVar("INVENTORY_POLICY_TEMPLATE", inventoryTemplate));
  lines.push("");
  lines.push(`# Step 4.3-4.5: trust the home account${model.externalId !== undefined ? ", with the external ID" : " (no external ID in the model)"}.`);
  lines.push(heredocVar("TRUST_POLICY", trust));
  lines.push("");
  lines.push(`# Step 3: the read-roles policy${readRoles.length > 1 ? `, split over ${readRoles.length} managed policies (the exact role ARNs exceed 6,144 characters)` : ""}.`);
  lines.push("READ_ROLES_POLICY_NAMES=(");
  for (const p of readRoles) lines.push(`  ${shellQuote(p.name)}`);
  lines.push(")");
  lines.push("READ_ROLES_POLICY_DESCRIPTIONS=(");
  readRoles.forEach((_, i) => lines.push(`  ${shellQuote(readRolesPolicyDescription(i + 1, readRoles.length))}`));
  lines.push(")");
  readRoles.forEach((p, i) => {
    lines.push(heredocVar(`READ_ROLES_POLICY_${i + 1}`, json(p.document)));
  });
  lines.push("");
  lines.push("# ---------------------------------------------------------------------------------------------");
  lines.push("# Step 1 (sign in) is the credentials above.");
  lines.push("# Step 5: steps 2 and 4 are repeated in every target account (step 3 only once, in the home account).");
  lines.push("# ---------------------------------------------------------------------------------------------");
  lines.push("if ((DO_TARGETS)); then");
  lines.push('  for account in "${TARGET_ACCOUNT_IDS[@]}"; do');
  lines.push('    use_account "$account"');
  lines.push("    # Step 2: create the policy to access EC2 and RDS (ListInventoryForFNMS).");
  lines.push(`    ensure_policy "$INVENTORY_POLICY_NAME" "$IAM_PATH" "\${INVENTORY_POLICY_TEMPLATE//${ACCOUNT_PLACEHOLDER}/$account}" ${shellQuote(inventoryPolicyDescription())}`);
  lines.push("    # Step 4: create the role the collector user assumes, with the inventory policy attached (4.7).");
  lines.push(`    ensure_role "$ROLE_NAME" "$IAM_PATH" "$TRUST_POLICY" "$MAX_SESSION" ${shellQuote(roleDescription(model))} "arn:aws:iam::\${account}:policy\${IAM_PATH}\${INVENTORY_POLICY_NAME}"`);
  lines.push("  done");
  lines.push("fi");
  lines.push("");
  lines.push("if ((DO_HOME)); then");
  lines.push('  use_account "$HOME_ACCOUNT_ID"');
  lines.push("  # Step 3: create the policy to read the user's own policies and assume each target role (exact ARNs, no wildcard).");
  lines.push("  read_roles_arns=()");
  lines.push('  for i in "${!READ_ROLES_POLICY_NAMES[@]}"; do');
  lines.push('    doc_var="READ_ROLES_POLICY_$((i + 1))"');
  lines.push('    ensure_policy "${READ_ROLES_POLICY_NAMES[$i]}" "$IAM_PATH" "${!doc_var}" "${READ_ROLES_POLICY_DESCRIPTIONS[$i]}"');
  lines.push('    read_roles_arns+=("arn:aws:iam::${HOME_ACCOUNT_ID}:policy${IAM_PATH}${READ_ROLES_POLICY_NAMES[$i]}")');
  lines.push("  done");
  lines.push("  # Step 6: the collector user, the read-roles policies attached as managed policies (6.5: never inline),");
  lines.push("  # and an access key (6.8-6.9) only when the user has none.");
  lines.push('  ensure_user "$USER_NAME" "${read_roles_arns[@]}"');
  lines.push('  ensure_access_key "$USER_NAME"');
  lines.push("fi");
  lines.push("");
  lines.push("# Step 7 happens in FlexNet Beacon (the \"AWS imports\" schedule, every 30 minutes by default).");
  lines.push("# Step 8: the connection in FlexNet Beacon.");
  lines.push("cat <<'EOF'");
  lines.push("");
  lines.push("Done. In FlexNet Beacon (step 8): Inventory Systems > New > PowerShell, then:");
  // Inside a quoted heredoc nothing expands; one line per entry, so no value can end it early.
  lines.push(...connectionLines(model).map((l) => `  ${singleLine(l)}`));
  lines.push("EOF");
  lines.push("");
  return lines.join("\n");
}

/** What the admin types into the beacon's dialog (step 8); never the proxy password. */
export function connectionLines(model: AccessModel): string[] {
  const out = [
    `Connection Name:    ${model.connectionName}`,
    `Source Type:        ${model.sourceType}`,
    `Adapter Type:       ${model.adapterType} (not the default "AWS Config")`,
    `Access Key:         the "Access key ID" column of ${model.names.user}'s credentials CSV`,
    `Secret Access Key:  the "Secret access key" column of the same file`,
    `External ID:        ${model.externalId ?? "(leave empty: the roles require none)"}`,
  ];
  if (model.proxy !== undefined) {
    out.push("Use Proxy:          checked");
    out.push(`Proxy Server:       ${model.proxy.server}`);
    if (model.proxy.username !== undefined) out.push(`Username:           ${model.proxy.username}`);
    if (model.proxy.password !== undefined) out.push("Password:           (the proxy password; not exported)");
  }
  out.push("Then Test Connection, and Save once it succeeds.");
  return out;
}

export { ACCOUNT_PLACEHOLDER };
