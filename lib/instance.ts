// Not `server-only`: lib/log stamps every line with this id, and scripts log too (hostname and pid are no secret).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// Next bundles this module more than once in one process (instrumentation and the route bundles each get
// their own copy), so a module-level random value would name one process several ways. The id lives on
// globalThis under a registry symbol, which every copy in the process shares.
const KEY = Symbol.for("beaconport.instanceId");
const holder = globalThis as { [KEY]?: string };

/**
 * This portal process. Several instances may share one PostgreSQL database: runs and schedule ticks
 * record which process owns them, so one instance never mistakes another's live work for its own.
 */
export const INSTANCE_ID: string = (holder[KEY] ??= `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`);
