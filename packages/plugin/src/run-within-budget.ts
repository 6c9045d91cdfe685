import type { InFlight } from './in-flight.js';

export type BudgetOutcome<T> = { finished: true; value: T } | { finished: false };

/**
 * Run `work` but stop waiting after `budgetMs`: Omi gives up on a webhook after 15 s, and a slow
 * real-time answer holds back that user's later deliveries. Past the budget `controller` is aborted,
 * the work is left running (tracked, so shutdown waits for it) and `late` sees how it ended.
 * A throw within the budget is rethrown.
 */
export async function runWithinBudget<T>(
  work: () => Promise<T> | T,
  budgetMs: number,
  controller: AbortController,
  inFlight: InFlight,
  late: (outcome: { value?: T; error?: unknown }) => void,
): Promise<BudgetOutcome<T>> {
  const running = Promise.resolve().then(work);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), budgetMs);
  });
  try {
    const first = await Promise.race([running.then((value) => ({ value })), expired]);
    if (first !== 'expired') return { finished: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
  controller.abort(new Error(`time budget of ${budgetMs} ms exceeded`));
  inFlight.track(
    running.then(
      (value) => late({ value }),
      (error: unknown) => late({ error }),
    ),
  );
  return { finished: false };
}
