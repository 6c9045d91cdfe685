import type { AppRecord } from '../integration-api/app-registry.js';

export type { AppRecord };

/**
 * What the webhook sender reads from the app registry (the Integration API's `AppRegistry`):
 * apps with their `external_integration` (`triggers_on`, `webhook_url`) and who enabled them.
 */
export interface AppSource {
  get(appId: string): AppRecord | undefined;
  list(): AppRecord[];
  isEnabled(appId: string, uid: string): boolean;
  enabledUsers(appId: string): string[];
}
