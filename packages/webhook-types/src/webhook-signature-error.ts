/**
 * Why a signature could not be made or checked. Stable: branch on `code`, not on `message`.
 *
 * - `missing_header`: no `X-Omi-Signature` (or, for chat tools, no `X-Omi-Delivery` / `X-Omi-Event`).
 * - `malformed_header`: no integer `t=`, or a delivery id / event that is not printable ASCII.
 * - `no_signatures`: the header has no signature of the scheme being checked (`v1=` or `v2=`).
 * - `timestamp_too_old` / `timestamp_too_new`: `t` is outside the tolerance.
 * - `signature_mismatch`: no signature matches any of the secrets.
 * - `body_not_raw`: the body is not the raw bytes (a parsed object, `undefined`, …).
 * - `secret_has_whitespace`: a secret has leading or trailing whitespace.
 * - `secret_missing`: no secret, or an empty one.
 * - `malformed_request`: the method, path or query cannot be canonicalised (chat tools).
 * - `replayed_delivery`: this `X-Omi-Delivery` was already seen (see `createReplayGuard`).
 */
export type WebhookSignatureErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'no_signatures'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'signature_mismatch'
  | 'body_not_raw'
  | 'secret_has_whitespace'
  | 'secret_missing'
  | 'malformed_request'
  | 'replayed_delivery';

/** Numbers that help a diagnosis. Never a secret, a signature or a body. */
export interface WebhookSignatureErrorDetails {
  /** The `t` of the header, in Unix seconds. */
  timestamp?: number;
  /** The receiver's clock, in Unix seconds (rounded down). */
  now?: number;
  toleranceSec?: number;
  /** How far `t` is from `now`, in whole seconds (always positive). */
  skewSec?: number;
  /** How many secrets were tried. */
  secretCount?: number;
  /** Which secret (0-based) the error is about. */
  secretIndex?: number;
}

/**
 * A request that is not provably from Omi, or a signing input that cannot work. The message
 * says what was wrong and what to do; it never contains a secret or an expected signature.
 */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  readonly code: WebhookSignatureErrorCode;
  readonly details: WebhookSignatureErrorDetails;

  constructor(code: WebhookSignatureErrorCode, message: string, details: WebhookSignatureErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is a {@link WebhookSignatureError}, optionally with one of `codes`. */
export function isWebhookSignatureError(
  error: unknown,
  ...codes: WebhookSignatureErrorCode[]
): error is WebhookSignatureError {
  return error instanceof WebhookSignatureError && (codes.length === 0 || codes.includes(error.code));
}
