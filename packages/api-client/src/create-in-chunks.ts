import type { z } from 'zod';
import {
  type BatchChunk,
  OmiBatchError,
  OmiConfigError,
  type OmiError,
  OmiRequestValidationError,
} from './errors.js';
import { runWithConcurrency } from './run-with-concurrency.js';
import type { RequestOptions } from './transport.js';
import { describeIssues, issuesOf } from './validate.js';

/** Options of `createMany`. */
export interface BatchOptions extends RequestOptions {
  /** Chunks in flight at once, default 2 (the rate limiter still paces them). */
  concurrency?: number;
  /** Items per request, at most Omi's maximum (25 memories, 50 action items), which is the default. */
  chunkSize?: number;
  /** Stop sending new chunks after a failure (default true); chunks never sent are `skipped`. */
  stopOnError?: boolean;
}

export interface ChunkPlan<I, R> {
  what: string;
  items: readonly I[];
  itemSchema: z.ZodType;
  maxChunkSize: number;
  options: BatchOptions;
  send(chunk: I[], options: RequestOptions): Promise<R[]>;
}

function checkChunkSize(size: number, max: number, what: string): number {
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new OmiConfigError({
      code: 'invalid_config',
      message: `chunkSize for ${what} must be an integer from 1 to ${max} (Omi's batch maximum), got ${size}.`,
    });
  }
  return size;
}

/**
 * Creates many items in chunks of Omi's batch size, a few chunks at a time. Every item is checked
 * first, so a bad item fails the call before anything is written. Results come back in the order
 * of the items. If chunks fail, `OmiBatchError` tells which chunks were created, which failed and
 * why, and which were never sent.
 */
export async function createInChunks<I, R>(plan: ChunkPlan<I, R>): Promise<R[]> {
  const { items, options, what } = plan;
  const issues = items.flatMap((item, i) => {
    const r = plan.itemSchema.safeParse(item);
    return r.success ? [] : issuesOf(r.error, `[${i}]`);
  });
  if (issues.length > 0) {
    throw new OmiRequestValidationError({
      code: 'invalid_request',
      issues,
      message: `Some ${what} break Omi's rules, so none were sent: ${describeIssues(issues)}.`,
    });
  }
  const size = checkChunkSize(options.chunkSize ?? plan.maxChunkSize, plan.maxChunkSize, what);
  const { concurrency = 2, stopOnError = true, chunkSize: _c, ...requestOptions } = options;
  const chunks: BatchChunk[] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push({ chunk: chunks.length, start, end: Math.min(items.length, start + size) });
  }
  const results: (R[] | undefined)[] = new Array(chunks.length);
  const failed: (BatchChunk & { error: OmiError | Error })[] = [];
  await runWithConcurrency(
    chunks.length,
    concurrency,
    async (index) => {
      const chunk = chunks[index]!;
      try {
        results[index] = await plan.send(items.slice(chunk.start, chunk.end) as I[], requestOptions);
      } catch (error) {
        if (options.signal?.aborted && error === options.signal.reason) throw error;
        failed.push({ ...chunk, error: error as Error });
      }
    },
    () => stopOnError && failed.length > 0,
  );
  if (failed.length === 0) return results.flatMap((r) => r ?? []);
  failed.sort((a, b) => a.chunk - b.chunk);
  const completed = chunks.filter((c) => results[c.chunk] !== undefined);
  const skipped = chunks.filter(
    (c) => results[c.chunk] === undefined && !failed.some((f) => f.chunk === c.chunk),
  );
  const created = completed.flatMap((c) => results[c.chunk]!);
  const first = failed[0]!;
  throw new OmiBatchError<R>({
    code: 'batch_failed',
    completed,
    failed,
    skipped,
    created,
    cause: first.error,
    message:
      `${failed.length} of ${chunks.length} chunks of ${what} failed; first: chunk ${first.chunk} ` +
      `(items ${first.start}-${first.end - 1}): ${first.error.message}. ` +
      `${completed.length} chunks were created${skipped.length ? `, ${skipped.length} were not sent` : ''}; ` +
      'see error.completed, error.failed and error.skipped before sending again.',
  });
}
