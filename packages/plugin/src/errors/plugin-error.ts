/**
 * Stable codes of the errors this package throws or answers with. Branch on `code`, never on the
 * message; messages say what was wrong and what to do, and never contain a secret.
 */
export type PluginErrorCode =
  | 'ERR_PLUGIN_CONFIG'
  | 'ERR_PLUGIN_DEFINITION'
  | 'ERR_OMI_APP_SECRET_MISSING'
  | 'ERR_SETUP_INCOMPLETE'
  | 'ERR_CHAT_TOOL';

export class PluginError extends Error {
  override name = 'PluginError';
  readonly code: PluginErrorCode;

  constructor(code: PluginErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
