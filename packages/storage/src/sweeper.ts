import type { Logger } from './logger.js';

/** Run `task` every `intervalMs` without keeping the process alive; returns a stop function. */
export function startSweeper(
  task: () => Promise<unknown>,
  intervalMs: number,
  logger: Logger,
  what = 'purging expired entries',
): () => void {
  if (intervalMs <= 0) return () => {};
  const timer = setInterval(() => {
    task().catch((err: unknown) => logger.warn({ err }, `@omi-kit/storage: ${what} failed`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
