import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { RetryPolicy } from './retry-policy.js';

/** What a job queue adapter needs besides its connection. */
export interface JobQueueContext {
  clock: Clock;
  policy: RetryPolicy;
  random: () => number;
  /** Where background failures (deleting unused payload files) are reported. */
  logger: Logger;
}
