import type { DeveloperApiOperationId } from '@omi-kit/schemas';
import type { DeveloperArgs, DeveloperResult } from './operation-types.js';
import type { RequestOptions } from './transport.js';

/** What a resource group needs from the client. */
export interface DeveloperContext {
  request<K extends DeveloperApiOperationId>(
    operationId: K,
    args?: DeveloperArgs<K>,
    options?: RequestOptions,
  ): Promise<DeveloperResult<K>>;
  /**
   * Runs a memory read; if Omi answers 403 `developer_memory_access_not_ready` (the account is not
   * enabled yet) and the client treats that as empty (the default), answers `empty()` and warns.
   */
  memoryRead<T>(operation: string, path: string, run: () => Promise<T>, empty: () => T): Promise<T>;
}

/** The largest page Omi serves, by list (bigger values are clamped silently). */
export const MAX_PAGE = {
  memories: 1000,
  actionItems: 1000,
  conversations: 100,
  conversationsWithTranscript: 25,
  dailySummaries: 100,
} as const;

export function pageSizeFor(requested: number | undefined, max: number): number {
  if (requested === undefined) return max;
  return Math.min(max, Math.max(1, Math.floor(requested)));
}
