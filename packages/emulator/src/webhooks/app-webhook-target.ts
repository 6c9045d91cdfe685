import type { OmiTriggerName } from '@omi-kit/webhook-types';
import type { AppRecord } from './app-source.js';

export interface AppWebhookTarget {
  trigger: OmiTriggerName;
  url: string;
}

/**
 * An app's trigger and webhook URL, when Omi would call it: the `external_integration`
 * capability, a `triggers_on` and a non-empty `webhook_url` (trimmed, as Omi stores it).
 */
export function appWebhookTarget(app: AppRecord): AppWebhookTarget | null {
  const integration = app.external_integration;
  if (!integration || !app.capabilities.includes('external_integration')) return null;
  const trigger = integration.triggers_on;
  const url = typeof integration.webhook_url === 'string' ? integration.webhook_url.trim() : '';
  if (typeof trigger !== 'string' || !url) return null;
  return { trigger: trigger as OmiTriggerName, url };
}
