/**
 * Runs `task(0..count-1)` with at most `concurrency` at a time, in index order. Once `stop()` says
 * so, tasks not yet started are not started; the ones running finish.
 */
export async function runWithConcurrency(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count && !stop()) {
      const index = next++;
      await task(index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker);
  await Promise.all(workers);
}
