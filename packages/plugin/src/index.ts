export { reply, type WebhookReply } from '@omi-kit/webhook-types';
export { defaultBodyLimit } from './body-limit.js';
export { chatToolPath, chatToolsManifest } from './chat-tools-manifest.js';
export { coerceQueryArgs } from './coerce-query-args.js';
export {
  createPluginServer,
  type PluginRuntime,
  type PluginServer,
  type PluginServerOptions,
} from './create-plugin-server.js';
export { defaultAppClient } from './default-app-client.js';
export { defineChatTool } from './define-chat-tool.js';
export { definePlugin } from './define-plugin.js';
export { ChatToolError } from './errors/chat-tool-error.js';
export { OmiAppSecretMissingError } from './errors/omi-app-secret-missing-error.js';
export { type ConfigIssue, PluginConfigError } from './errors/plugin-config-error.js';
export { PluginError, type PluginErrorCode } from './errors/plugin-error.js';
export { SetupIncompleteError } from './errors/setup-incomplete-error.js';
export type { WorkerSettings } from './event-worker.js';
export type { BaseContext, DeliveryInfo, HandlerContext } from './handler-context.js';
export type { HttpFailureCode } from './http-failure.js';
export { REDACTED_PATHS } from './logger-options.js';
export type { CreateAppClient, OmiUserClient } from './omi-user-client.js';
export { isOwnConversation } from './own-app-guard.js';
export {
  describeConfig,
  type Env,
  type LogLevel,
  loadPluginConfig,
  type PluginConfig,
  PluginEnv,
  type SignatureMode,
} from './plugin-config.js';
export type {
  AudioContext,
  AudioEvent,
  ChatTool,
  ChatToolContext,
  ChatToolMethod,
  ConversationContext,
  DaySummaryContext,
  PluginDefinition,
  SetupContext,
  TranscriptContext,
} from './plugin-definition.js';
export { EVENTS_QUEUE, type QueuedDelivery, type QueuedKind } from './queued-delivery.js';
export { readQueryValue } from './read-query-value.js';
export { webhookPaths } from './routes/webhook-routes.js';
export { runPlugin } from './run-plugin.js';
export type { ValidationIssue } from './validation-issues.js';
