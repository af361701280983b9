/**
 * How a failed webhook delivery is described to the admin (the manage page, the schedule page, the
 * log): a few plain words, never the error's message or stack (those can carry internal addresses).
 */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused (nothing listens at that address and port)",
  ECONNRESET: "connection reset by the receiver",
  ENOTFOUND: "host name not found (DNS)",
  EAI_AGAIN: "host name could not be resolved (DNS)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed by the receiver",
  UND_ERR_HEADERS_TIMEOUT: "the receiver did not answer in time",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the receiver's TLS certificate is self-signed (not trusted)",
  SELF_SIGNED_CERT_IN_CHAIN: "the receiver's TLS certificate chain is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the receiver's TLS certificate is not trusted",
  CERT_HAS_EXPIRED: "the receiver's TLS certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the receiver's TLS certificate is for another host name",
};

/** A thrown fetch error → a short, safe description ("timeout", "connection refused (…)", …). */
export function describeDeliveryError(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError") return "timeout";
  const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown } } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : typeof cause?.cause?.code === "string" ? cause.cause.code : null;
  if (!code) return "network error";
  return NETWORK_CODES[code] ?? code.toLowerCase().replace(/_/g, " ");
}
