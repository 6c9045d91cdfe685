import { PluginError } from './plugin-error.js';

/** The Integration API was used but no app key is configured. Thrown at first use, not at start. */
export class OmiAppSecretMissingError extends PluginError {
  override name = 'OmiAppSecretMissingError';

  constructor(operation: string) {
    super(
      'ERR_OMI_APP_SECRET_MISSING',
      `ctx.${operation}() needs the app's Integration API key, and OMI_APP_SECRET is not set. Create a key ` +
        'in the Omi app (your app → Manage → API keys, it starts with sk_) and set OMI_APP_SECRET to it. ' +
        'Everything else in the plugin works without it.',
    );
  }
}
