/**
 * What the webhook sender needs from the emulator's app registry. The api-client branch's
 * `integration-api/app-registry.ts` (`AppRegistry`, `AppRecord`) has this shape; until the
 * branches meet, app-registry.ts in this folder stands in for it.
 */

/** An app as the emulator keeps it: what Omi's app model says about its integration. */
export interface AppRecord {
  id: string;
  name: string;
  description: string;
  author: string;
  private: boolean;
  capabilities: string[];
  /** `external_integration.actions`, flattened to their names. */
  actions: string[];
  /** Webhook settings: `triggers_on`, `webhook_url`, `setup_completed_url`, `auth_steps`, ... */
  external_integration: Record<string, unknown> | null;
  proactive_notification: Record<string, unknown> | null;
  created_at: string;
}

/** What the webhook sender reads from a registry (the Integration API's `AppRegistry` fits). */
export interface AppSource {
  get(appId: string): AppRecord | undefined;
  list(): AppRecord[];
  isEnabled(appId: string, uid: string): boolean;
  enabledUsers(appId: string): string[];
}
