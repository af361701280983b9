/** What the access-model CLIs (`npm run export`, `npm run lint`) share: flags, errors, reading the model. */
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ModelValidationError, parseAccessModel } from "@/lib/model";
import type { AccessModel } from "@/lib/model/types";

/** Prints the message to stderr and exits (2 = bad input, the default). */
export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses strict flags; `--help`/`-h` prints the usage and exits 0; a missing required flag or an unknown
 * one fails with the usage. `help` is added to `options` for you.
 */
type Values<O extends Options> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

export function parseCliFlags<const O extends Options, const R extends keyof O & string>(
  usage: string,
  options: O,
  required: R[],
): Values<O> & { [K in R]: string } {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (e) {
    fail(`${(e as Error).message}\n\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (required.some((name) => values[name] === undefined)) {
    fail(`Both ${required.map((name) => `--${name}`).join(" and ")} are required.\n\n${usage}`);
  }
  return values as Values<O> & { [K in R]: string };
}

export function readJsonFile(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    fail(`Cannot read the ${what} file ${file}: ${(e as Error).message}`);
  }
}

/** Reads and validates a model file; a validation error names the file and every field at fault. */
export function readModelFile(file: string): AccessModel {
  try {
    return parseAccessModel(readJsonFile(file, "model"));
  } catch (e) {
    if (e instanceof ModelValidationError) fail(`${file}: ${e.message}`);
    throw e;
  }
}
