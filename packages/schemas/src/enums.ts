import { z } from 'zod';
import { coercingEnum } from './open-enum.js';

/** Memory ("fact") categories, newest OpenAPI. The docs list only the first three. */
export const memoryCategoryValues = [
  'interesting',
  'system',
  'manual',
  'workflow',
  'core',
  'hobbies',
  'lifestyle',
  'interests',
  'habits',
  'work',
  'skills',
  'learnings',
  'other',
  'auto',
] as const;
export const MemoryCategory = z.enum(memoryCategoryValues);
export type MemoryCategory = z.infer<typeof MemoryCategory>;
/** As Omi reads a stored category: an invalid value becomes "interesting". */
export const MemoryCategoryLenient = coercingEnum(memoryCategoryValues, 'interesting');

/** Conversation categories (`CategoryEnum`). */
export const conversationCategoryValues = [
  'personal',
  'education',
  'health',
  'finance',
  'legal',
  'philosophy',
  'spiritual',
  'science',
  'entrepreneurship',
  'parenting',
  'romantic',
  'travel',
  'inspiration',
  'technology',
  'business',
  'social',
  'work',
  'sports',
  'politics',
  'literature',
  'history',
  'architecture',
  'music',
  'weather',
  'news',
  'entertainment',
  'psychology',
  'real',
  'design',
  'family',
  'economics',
  'environment',
  'other',
] as const;
export const ConversationCategory = z.enum(conversationCategoryValues);
export type ConversationCategory = z.infer<typeof ConversationCategory>;
/** An unknown stored category becomes "other" (conversation.py `Structured`). */
export const ConversationCategoryLenient = coercingEnum(conversationCategoryValues, 'other');

/** Where a conversation came from (`ConversationSource`, newest OpenAPI). */
export const conversationSourceValues = [
  'friend',
  'omi',
  'fieldy',
  'bee',
  'plaud',
  'frame',
  'friend_com',
  'apple_watch',
  'phone',
  'phone_call',
  'desktop',
  'openglass',
  'screenpipe',
  'workflow',
  'sdcard',
  'external_integration',
  'limitless',
  'rayban_meta',
  'onboarding',
  'unknown',
] as const;
export const ConversationSource = z.enum(conversationSourceValues);
export type ConversationSource = z.infer<typeof ConversationSource>;
/** An unknown source string becomes "unknown" (conversation_enums.py `_missing_`). */
export const ConversationSourceLenient = coercingEnum(conversationSourceValues, 'unknown');

export const conversationStatusValues = [
  'in_progress',
  'processing',
  'merging',
  'completed',
  'failed',
] as const;
export const ConversationStatus = z.enum(conversationStatusValues);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** `text_source` of a text conversation created through the Developer API. */
export const textSourceValues = ['audio_transcript', 'message', 'other_text'] as const;
export const TextSource = z.enum(textSourceValues);
export type TextSource = z.infer<typeof TextSource>;

export const memoryVisibilityValues = ['public', 'private'] as const;
export const MemoryVisibility = z.enum(memoryVisibilityValues);
export type MemoryVisibility = z.infer<typeof MemoryVisibility>;
/** The response coerces anything other than public/private to "private". */
export const MemoryVisibilityLenient = coercingEnum(memoryVisibilityValues, 'private');

export const conversationVisibilityValues = ['private', 'shared', 'public'] as const;
export const ConversationVisibility = z.enum(conversationVisibilityValues);

export const goalStatusValues = ['background', 'focused', 'paused', 'achieved', 'abandoned'] as const;
export const GoalStatus = z.enum(goalStatusValues);
export type GoalStatus = z.infer<typeof GoalStatus>;

export const goalSourceValues = ['user', 'ai_suggested', 'imported'] as const;
export const GoalSource = z.enum(goalSourceValues);
export type GoalSource = z.infer<typeof GoalSource>;

export const goalTypeValues = ['boolean', 'scale', 'numeric'] as const;
export const GoalType = z.enum(goalTypeValues);
export type GoalType = z.infer<typeof GoalType>;

export const actionItemPriorityValues = ['high', 'medium', 'low'] as const;
export const ActionItemPriority = z.enum(actionItemPriorityValues);
