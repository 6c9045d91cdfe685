import { PluginError } from './plugin-error.js';

/**
 * Throw it from a handler when the user has not finished setup (no token yet, no settings). The
 * delivery is answered 200 `{}` and logged, never 401 or 202: Omi counts those as failures and
 * disables apps that keep failing. A queued event is not retried.
 */
export class SetupIncompleteError extends PluginError {
  override name = 'SetupIncompleteError';

  constructor(message = 'This user has not finished setting up the app.') {
    super('ERR_SETUP_INCOMPLETE', message);
  }
}
