import { z } from 'zod';

export const proactiveParamValues = ['user_name', 'user_facts', 'user_context', 'user_chat'] as const;

/** The longest prompt Omi runs; a longer one gets the user a "Prompt too long" notification. */
export const MAX_PROACTIVE_PROMPT_CHARS = 128_000;

/**
 * `{notification: …}` in a real-time reply (apps with `proactive_notification`, reference §2.5):
 * Omi runs `prompt` on its own LLM, substituting `{{user_name}}` and the other declared params.
 */
export const ProactiveNotification = z.strictObject({
  prompt: z.string().min(1).max(MAX_PROACTIVE_PROMPT_CHARS),
  params: z.array(z.enum(proactiveParamValues)).optional(),
  context: z
    .strictObject({
      /** Text for the vector search behind `{{user_context}}`. */
      question: z.string().optional(),
      filters: z
        .strictObject({
          people: z.array(z.string()).optional(),
          topics: z.array(z.string()).optional(),
          entities: z.array(z.string()).optional(),
          dates: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type ProactiveNotification = z.infer<typeof ProactiveNotification>;

/**
 * What a webhook answers (always a JSON object, `{}` to stay silent). On a real-time transcript,
 * a `message` longer than 5 characters is pushed to the user and stored in the app chat; on a
 * conversation-created delivery it is stored as a chat message without a push.
 */
export const WebhookReply = z.strictObject({
  message: z.string().optional(),
  notification: ProactiveNotification.optional(),
});
export type WebhookReply = z.infer<typeof WebhookReply>;

/** The answer to Omi's `GET <setup_completed_url>?uid=` probe. */
export const SetupCompletedReply = z.strictObject({ is_setup_completed: z.boolean() });
export type SetupCompletedReply = z.infer<typeof SetupCompletedReply>;

/**
 * What a chat tool answers: `{result}` on success (Omi shows `str(result)`), or `{error}` with a
 * 4xx/5xx status. Never `{result: null, error}` with a 2xx: Omi would show the string "None".
 */
export const ChatToolReply = z.union([
  z.strictObject({
    result: z.unknown().refine((value) => value !== null && value !== undefined, 'result is empty'),
  }),
  z.strictObject({ error: z.string().min(1) }),
]);
export type ChatToolReply = z.infer<typeof ChatToolReply>;
