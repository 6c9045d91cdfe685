import { PluginError } from './plugin-error.js';

/**
 * Throw it from a chat tool to tell Omi's chat, in words, why the tool could not do its job
 * ("No GitHub account is connected: open the app's settings"). It is answered 200 `{message}`:
 * a 4xx or 5xx would count against the app's webhook health.
 */
export class ChatToolError extends PluginError {
  override name = 'ChatToolError';

  constructor(message: string) {
    super('ERR_CHAT_TOOL', message);
  }
}
