export type { Clock } from './clock.js';
export { documentIdFromSeed, fromSegmentsConversationId, uuid5 } from './ids.js';
export type { AppRecord, IntegrationApi, RegisterAppInput } from './integration-api/index.js';
export { DEFAULT_UID, DEFAULT_USER_NAME, seed } from './seed.js';
export { createEmulator, type Emulator, type EmulatorOptions } from './server.js';
export type { Switches } from './switches.js';
export {
  type DeliverWebhookInput,
  deliverWebhook,
  type ReplayInput,
  type ReplayResult,
  replayConversation,
  type WebhookDelivery,
  type WebhookSender,
  type WebhookSenderOptions,
} from './webhooks/index.js';
