/**
 * Error codes that mean the connection never carried the request: nothing reached Omi, so any
 * call, even a create, may be retried.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Errors that retrying cannot fix (a certificate problem is configuration, not weather). */
const PERMANENT_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_INVALID_URL',
]);

export interface NetworkFailure {
  /** The first error code found on the error or its causes, e.g. `ECONNREFUSED`. */
  code: string | undefined;
  /** False only when the request certainly did not leave (connection refused, DNS failure). */
  requestSent: boolean;
  /** False when retrying cannot help. */
  transient: boolean;
  /** A short description of the cause, without URLs or headers. */
  reason: string;
}

function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 4 || error === null || typeof error !== 'object') return [];
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => codesOf(x, depth + 1)) : [];
  return [...own, ...nested, ...codesOf(e.cause, depth + 1)];
}

/** Classifies what `fetch` threw (undici wraps the socket error as `cause`). */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const codes = codesOf(error);
  const code = codes.find((c) => NOT_SENT_CODES.has(c) || PERMANENT_CODES.has(c)) ?? codes[0];
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  const message =
    typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : 'unknown';
  return {
    code,
    requestSent: !(code !== undefined && (NOT_SENT_CODES.has(code) || PERMANENT_CODES.has(code))),
    transient: !(code !== undefined && PERMANENT_CODES.has(code)),
    reason: code ? `${code}: ${message}` : message,
  };
}
