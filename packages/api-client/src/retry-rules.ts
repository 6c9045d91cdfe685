import type { DeveloperApiOperationId, IntegrationApiOperationId } from '@omi-kit/schemas';

/**
 * Whether repeating a call after it may have reached Omi is harmless, and why. It decides what
 * happens after a timeout, a dropped connection or a 502/503/504. Failures where Omi certainly did
 * nothing (429, 503 "Rate limiter unavailable", connection refused) are retried for every call.
 */
export interface RetryRule {
  idempotent: boolean;
  why: string;
}

const read: RetryRule = { idempotent: true, why: 'reads change nothing' };
const set: RetryRule = { idempotent: true, why: 'sets fields to the values sent; a repeat sets them again' };
const remove: RetryRule = {
  idempotent: true,
  why: 'a repeat finds nothing to delete; a 404 after an attempt that may have deleted it is reported as success',
};

export const developerRetryRules: Record<DeveloperApiOperationId, RetryRule> = {
  listApiKeys: read,
  createApiKey: { idempotent: false, why: 'each call mints a new key' },
  revokeApiKey: { idempotent: true, why: 'revoking twice is a no-op (204)' },
  getCallingApiKey: read,
  listMemories: read,
  createMemory: {
    idempotent: true,
    why: "the memory's id is derived from its content, so a repeat overwrites the same memory",
  },
  createMemoriesBatch: {
    idempotent: true,
    why: 'ids are derived from content, so a repeated batch overwrites the same memories',
  },
  searchMemories: read,
  updateMemory: set,
  deleteMemory: remove,
  listActionItems: read,
  createActionItem: { idempotent: false, why: 'each call creates a new item with a new id' },
  createActionItemsBatch: { idempotent: false, why: 'each call creates new items with new ids' },
  updateActionItem: set,
  deleteActionItem: remove,
  listConversations: read,
  createConversation: { idempotent: false, why: 'each call creates and processes a new conversation' },
  createConversationFromSegments: {
    idempotent: true,
    why: 'the client adds a client_session_id (unless you pass one), so a repeat returns the same conversation',
  },
  getConversation: read,
  updateConversation: set,
  deleteConversation: remove,
  ask: { idempotent: true, why: 'answers from existing conversations and writes nothing' },
  listFolders: read,
  listGoals: read,
  createGoal: { idempotent: false, why: 'each call creates a goal with a new id' },
  getGoal: read,
  updateGoal: set,
  deleteGoal: remove,
  updateGoalProgress: { idempotent: true, why: "sets the goal's current value" },
  listGoalHistory: read,
  listDailySummaries: read,
  getDailySummary: read,
};

export const integrationRetryRules: Record<IntegrationApiOperationId, RetryRule> = {
  createConversation: {
    idempotent: false,
    why: 'each call creates a new conversation and fires the webhooks again',
  },
  createMemories: {
    idempotent: false,
    why: 'Omi extracts memories from text anew on each call; repeats can add duplicates',
  },
  listConversations: read,
  searchConversations: { idempotent: true, why: 'a search writes nothing' },
  listMemories: read,
  listTasks: read,
  notify: { idempotent: false, why: 'a repeat pushes the notification twice' },
};
