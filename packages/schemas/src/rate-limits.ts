/**
 * Omi's per-key rate-limit policies (utils/rate_limit_config.py): fixed one-hour windows, counted
 * per API key and policy. The effective limit is `max(1, floor(base * RATE_LIMIT_BOOST))`.
 */
export const RATE_LIMIT_WINDOW_SECONDS = 3600;

export const developerRateLimitPolicies = {
  'dev:memories_read': 120,
  'dev:memories': 120,
  'dev:memories_batch': 15,
  'dev:action_items_read': 120,
  'dev:action_items_write': 120,
  'dev:conversations_read': 60,
  'dev:conversation_detail_read': 60,
  /** Charged in addition to the list or detail policy when `include_transcript=true`. */
  'dev:conversation_transcript_read': 25,
  'dev:conversations': 25,
  'dev:ask': 25,
  'dev:goals_read': 120,
  'dev:goals_write': 120,
  /** Not in the cited config; 120 is omi-kit's assumption. */
  'dev:key_read': 120,
  /** Omi's policy for daily summaries is unknown; omi-kit assumes one of 120 per hour. */
  'dev:daily_summaries_read': 120,
} as const satisfies Record<string, number>;

export type DeveloperRateLimitPolicy = keyof typeof developerRateLimitPolicies;

/** Integration API (sk_ keys) limits, counted per app and user. */
export const integrationRateLimitPolicies = {
  'integration:conversations': 10,
  'integration:memories': 60,
  'integration:notifications': 10,
} as const satisfies Record<string, number>;

export type IntegrationRateLimitPolicy = keyof typeof integrationRateLimitPolicies;

/** Omi's effective limit for a base value and a boost multiplier. */
export function effectiveRateLimit(base: number, boost = 1): number {
  return Math.max(1, Math.floor(base * boost));
}
