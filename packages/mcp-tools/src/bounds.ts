/** Bounds of Omi's hosted MCP server (backend/utils/mcp_server/constants.py). */
export const bounds = {
  memoryList: { default: 20, max: 100 },
  memorySearch: { default: 10, max: 20 },
  conversationList: { default: 20, max: 100 },
  maxSegments: { default: 120, max: 500 },
  maxChars: { default: 24_000, max: 100_000 },
  /** Transcript characters in one `get_conversations_by_ids` answer, all conversations together. */
  batchResponseChars: 120_000,
  idsPerBatch: 20,
  memoriesPerBatch: 25,
  actionItemList: { default: 100, max: 500 },
  dailySummaryList: { default: 30, max: 100 },
  goalList: { default: 100, max: 1000 },
  offsetMax: 100_000,
} as const;
