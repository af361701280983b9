import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/**
 * This portal process. Several instances may share one PostgreSQL database: runs and schedule ticks
 * record which process owns them, so one instance never mistakes another's live work for its own.
 */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
