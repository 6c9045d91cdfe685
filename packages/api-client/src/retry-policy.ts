import type { OmiError } from './errors.js';

/** How one attempt failed. */
export type AttemptFailure =
  | { kind: 'status'; error: OmiError }
  | { kind: 'network'; requestSent: boolean; transient: boolean }
  | { kind: 'timeout' };

export type RetryReason =
  | 'rate_limited'
  | 'refused_before_handler'
  | 'server_unavailable'
  | 'in_progress'
  | 'connection_not_sent'
  | 'connection_dropped'
  | 'timeout';

export interface RetryDecision {
  retry: boolean;
  reason: RetryReason | null;
  /** True when Omi may have acted on the request (the failure came after it was sent). */
  mayHaveReachedServer: boolean;
}

/** 503s that Omi raises before the route's handler runs: nothing was done. */
const REFUSED_BEFORE_HANDLER = new Set(['rate_limiter_unavailable', 'account_deletion_state_unavailable']);

/**
 * Whether a failed attempt may be sent again. The rule is about side effects, not about methods:
 * - the server refused before acting (429, 503 "Rate limiter unavailable" or the deletion-state
 *   503, a connection that was never made): always safe;
 * - the request may have reached the handler (timeout, dropped connection, 502, 504, any other
 *   503): only when the call is idempotent;
 * - 409 on an idempotent from-segments call (the first attempt is still processing): the retry
 *   returns the conversation the first attempt creates;
 * - 500 and every other 4xx: never (sending the same request again gives the same answer).
 */
export function decideRetry(
  failure: AttemptFailure,
  call: { idempotent: boolean; retryConflict: boolean },
): RetryDecision {
  switch (failure.kind) {
    case 'timeout':
      return { retry: call.idempotent, reason: 'timeout', mayHaveReachedServer: true };
    case 'network':
      if (!failure.transient)
        return { retry: false, reason: null, mayHaveReachedServer: failure.requestSent };
      if (!failure.requestSent)
        return { retry: true, reason: 'connection_not_sent', mayHaveReachedServer: false };
      return { retry: call.idempotent, reason: 'connection_dropped', mayHaveReachedServer: true };
    case 'status': {
      const { status, code } = failure.error;
      if (status === 429) return { retry: true, reason: 'rate_limited', mayHaveReachedServer: false };
      if (status === 503 && REFUSED_BEFORE_HANDLER.has(code)) {
        return { retry: true, reason: 'refused_before_handler', mayHaveReachedServer: false };
      }
      if (status === 502 || status === 503 || status === 504) {
        return { retry: call.idempotent, reason: 'server_unavailable', mayHaveReachedServer: true };
      }
      if (status === 409 && call.retryConflict) {
        return { retry: true, reason: 'in_progress', mayHaveReachedServer: true };
      }
      return { retry: false, reason: null, mayHaveReachedServer: true };
    }
  }
}
