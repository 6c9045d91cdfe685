import { ProactiveNotification, type SetupCompletedReply, type WebhookReply } from './webhook-reply.js';

/**
 * Builders for the bodies an Omi app answers with. Always answer a webhook with a JSON object and a
 * 2xx status, even to stay silent: a 3xx, a 4xx, or an empty or non-JSON body counts as a failure.
 */
export const reply = {
  /** `{message}`: pushed on real-time transcripts when longer than 5 characters; a chat message otherwise. */
  message(text: string): WebhookReply {
    return { message: text };
  },
  /** `{notification}`: Omi writes the message with its LLM from `prompt` (validated, ≤128,000 characters). */
  proactive(notification: ProactiveNotification): WebhookReply {
    return { notification: ProactiveNotification.parse(notification) };
  },
  /** `{}`: nothing to say. */
  silent(): WebhookReply {
    return {};
  },
  /** `{is_setup_completed}` for the setup-completed probe. */
  setupCompleted(done: boolean): SetupCompletedReply {
    return { is_setup_completed: done };
  },
  /** `{result}` from a chat tool (answer with 200). Omi shows the LLM `str(result)`. */
  toolResult(result: unknown): { result: unknown } {
    if (result === null || result === undefined) {
      throw new TypeError(
        'A chat-tool result must not be null or undefined (Omi would show "None"); use toolError.',
      );
    }
    return { result };
  },
  /** `{error}` from a chat tool (answer with a 4xx or 5xx status). */
  toolError(message: string): { error: string } {
    return { error: message };
  },
} as const;
