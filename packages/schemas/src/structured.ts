import { z } from 'zod';
import { DateTimeString } from './datetime.js';
import { ConversationCategoryLenient } from './enums.js';

/** An action item inside a conversation's `structured` block (it has no id). */
export const StructuredActionItem = z.looseObject({
  description: z.string(),
  completed: z.boolean().default(false),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  due_at: DateTimeString.nullish(),
  completed_at: DateTimeString.nullish(),
  conversation_id: z.string().nullish(),
});
export type StructuredActionItem = z.infer<typeof StructuredActionItem>;

/** A calendar event extracted from a conversation; `duration` is in minutes. */
export const StructuredEvent = z.looseObject({
  title: z.string(),
  description: z.string().default(''),
  start: DateTimeString,
  duration: z.number().int().default(30),
  created: z.boolean().default(false),
});
export type StructuredEvent = z.infer<typeof StructuredEvent>;

/** What Omi's LLM pipeline makes of a conversation. */
export const Structured = z.looseObject({
  title: z.string().default(''),
  overview: z.string().default(''),
  emoji: z.string().default('🧠'),
  category: ConversationCategoryLenient.default('other'),
  action_items: z.array(StructuredActionItem).default([]),
  events: z.array(StructuredEvent).default([]),
});
export type Structured = z.infer<typeof Structured>;
