/**
 * The credentials .csv the IAM console offers when it creates a user with an access key (procedure
 * step 6.9), in the same form (`aws configure import` reads it too). Pure: built in the browser from
 * the one-time response, so the secret never travels twice.
 */
import { CREDENTIALS_CSV_HEADER } from "@/lib/artefacts";

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function credentialsCsv(input: { userName: string; accessKeyId: string; secretAccessKey: string; accountId: string }): string {
  const row = [input.userName, "", input.accessKeyId, input.secretAccessKey, `https://${input.accountId}.signin.aws.amazon.com/console`].map(field).join(",");
  return `${CREDENTIALS_CSV_HEADER}\n${row}\n`;
}

export function credentialsCsvFileName(userName: string): string {
  return `${userName}_credentials.csv`;
}
