import { z } from 'zod';

/**
 * Failure modes of the real service that a client must handle, switched on through
 * `PUT /_emulator/switches`. All are off by default.
 */
export const Switches = z.strictObject({
  /** Redis is down: every rate-limited dev route answers 503 "Rate limiter unavailable". */
  rate_limiter_unavailable: z.boolean().default(false),
  /** Memory routes answer 403 with `detail.code == "developer_memory_access_not_ready"`. */
  memory_access_not_ready: z.boolean().default(false),
  /** The account is being deleted: dev routes answer 403 `account_deletion_in_progress`. */
  account_deletion_in_progress: z.boolean().default(false),
  /** Search is down: `POST /v1/dev/user/ask` answers 503. */
  search_unavailable: z.boolean().default(false),
  /** Free plan: locked items are truncated or hidden, and mutating them answers 402. */
  enforce_locks: z.boolean().default(true),
});
export type Switches = z.infer<typeof Switches>;
export const defaultSwitches = (): Switches => Switches.parse({});
