import type { OmiToolDefinition } from '../define-tool.js';
import {
  completeActionItem,
  createActionItem,
  deleteActionItem,
  getActionItems,
  updateActionItem,
} from './action-items.js';
import { ask } from './ask.js';
import { getConversationById, getConversations, getConversationsByIds } from './conversations.js';
import { getDailySummaries } from './daily-summaries.js';
import { getGoals } from './goals.js';
import {
  createMemories,
  createMemory,
  deleteMemory,
  editMemory,
  getMemories,
  searchMemories,
} from './memories.js';

/**
 * Every tool, in the order `tools/list` shows them: the order of Omi's hosted registry, with `ask`
 * last. A fixed order keeps an assistant's prompt cache valid across sessions.
 */
export const omiTools = [
  getMemories,
  createMemory,
  createMemories,
  deleteMemory,
  editMemory,
  getConversations,
  getConversationById,
  getConversationsByIds,
  searchMemories,
  getActionItems,
  createActionItem,
  completeActionItem,
  updateActionItem,
  deleteActionItem,
  getGoals,
  getDailySummaries,
  ask,
] as const satisfies readonly OmiToolDefinition[];

export type OmiToolName = (typeof omiTools)[number]['name'];

/** The tool names, in list order. */
export const omiToolNames = omiTools.map((t) => t.name) as readonly OmiToolName[];
