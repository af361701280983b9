/**
 * Cheap checks on a raw request before Next parses it, run by proxy.ts. Next answers 500 for a server
 * action whose body is too large, not React's reply format, or cannot be decoded, and for a path whose
 * percent-encoding is broken (its own TODO: "consider checking if the error is an ApiError"); these
 * answer 400/413 with a plain message instead, and cost at most one bounded JSON parse.
 *
 * Pure and runtime-neutral (Request in, Response or null out): no `server-only`, no database.
 */

/**
 * next.config.ts's `serverActions.bodySizeLimit`, in bytes: the same number on both sides. The largest
 * legitimate submission is an organization's account list with names (2,000 × ~150 bytes); anything
 * bigger is refused by its Content-Length alone, before a byte of it is read.
 */
export const ACTION_BODY_LIMIT = "512kb";
export const ACTION_BODY_LIMIT_BYTES = 512 * 1024;
/** Every action goes through lib/actions/action.ts: (previous state, input). Bound arguments add a few. */
const MAX_ACTION_ARGS = 4;
/** Forms are flat; nothing legitimate nests deeper than this. */
const MAX_JSON_DEPTH = 32;

const TOO_LARGE = `Request too large: a form submission is at most ${ACTION_BODY_LIMIT_BYTES / 1024} KB.`;

function refuse(status: 400 | 411 | 413, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** Depth of a parsed JSON value, without recursion (a hostile value cannot exhaust the stack). */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/** A path whose percent-encoding does not decode (`/connections/%ZZ`) is a client error, not a crash. */
export function checkRequestPath(pathname: string): Response | null {
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return refuse(400, "Bad request: the address is not validly percent-encoded.");
  }
}

/**
 * A server action call (a POST with `Next-Action`): its size by Content-Length, then, for React's
 * text encoding (JSON), that it is an array of a few arguments of bounded depth; a multipart body must
 * parse as a form. Returns the refusal, or null to let Next handle it.
 */
export async function checkActionRequest(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  // Browsers always send Content-Length with an action's body (a string or FormData), and so does a
  // buffering reverse proxy; without it the body could only be bounded by reading it.
  const declared = request.headers.get("content-length");
  if (declared === null || !/^\d+$/.test(declared)) return refuse(411, "Length required: send the form with a Content-Length.");
  if (Number(declared) > ACTION_BODY_LIMIT_BYTES) return refuse(413, TOO_LARGE);
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  try {
    if (type.startsWith("multipart/form-data")) {
      await request.clone().formData();
      return null;
    }
    const text = await request.clone().text();
    if (Buffer.byteLength(text) > ACTION_BODY_LIMIT_BYTES) return refuse(413, TOO_LARGE);
    if (text === "" && type.startsWith("application/x-www-form-urlencoded")) return null;
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || parsed.length > MAX_ACTION_ARGS || depthExceeds(parsed, MAX_JSON_DEPTH)) return refuse(400, "Bad request: the form data is not in the expected format.");
    return null;
  } catch {
    return refuse(400, "Bad request: the form data could not be read.");
  }
}
