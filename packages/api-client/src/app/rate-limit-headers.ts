/** A rate-limit window as `X-RateLimit-*` headers describe it. */
export interface WindowInfo {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/**
 * Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (notifications send them on every answer).
 * `Reset` is read as epoch seconds when it is that large, otherwise as seconds from now.
 */
export function readRateLimitHeaders(headers: Headers, nowMs: number): WindowInfo | null {
  const limit = Number(headers.get('x-ratelimit-limit'));
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (
    ![limit, remaining, reset].every((n) => Number.isFinite(n)) ||
    headers.get('x-ratelimit-limit') === null
  ) {
    return null;
  }
  if (headers.get('x-ratelimit-remaining') === null || headers.get('x-ratelimit-reset') === null) return null;
  const resetAtMs = reset > 1e9 ? reset * 1000 : nowMs + reset * 1000;
  return { limit, remaining, resetAt: new Date(resetAtMs) };
}
