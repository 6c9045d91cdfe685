export { createOmiAppClient } from './app/create-omi-app-client.js';
export { OmiAppClient, type OmiAppClientOptions } from './app/omi-app-client.js';
export { type NotifyResult, OmiAppUserClient } from './app/omi-app-user-client.js';
export type { WindowInfo } from './app/rate-limit-headers.js';
export { DEFAULT_BASE_URL } from './base-url.js';
export type { CommonClientOptions } from './client-options.js';
export { type Clock, systemClock } from './clock.js';
export type { BatchOptions } from './create-in-chunks.js';
export { createOmiClient } from './create-omi-client.js';
export {
  type BatchChunk,
  OmiAuthError,
  OmiBadRequestError,
  OmiBatchError,
  OmiConfigError,
  OmiConflictError,
  OmiConnectionError,
  OmiError,
  type OmiErrorRequest,
  type OmiFieldError,
  type OmiIssue,
  OmiNotFoundError,
  OmiPaymentRequiredError,
  OmiPermissionError,
  OmiRateLimitError,
  OmiRequestValidationError,
  OmiResponseValidationError,
  OmiServerError,
  OmiTimeoutError,
  OmiUnavailableError,
  OmiValidationError,
} from './errors.js';
export type {
  CallInfo,
  ErrorEvent,
  OmiHooks,
  RateLimitWaitEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  WarningEvent,
} from './hooks.js';
export { OmiClient, type OmiClientOptions } from './omi-client.js';
export type {
  DeveloperArgs,
  DeveloperBody,
  DeveloperParams,
  DeveloperQuery,
  DeveloperResult,
  IntegrationArgs,
  IntegrationBody,
  IntegrationQuery,
  IntegrationResult,
  ListAllQuery,
} from './operation-types.js';
export { type PageRequest, Paginator, type PaginatorOptions } from './paginator.js';
export type { RateLimitOptions, RateLimitPolicy } from './rate-limit-options.js';
export type { RateLimitCharge, RateLimitStatus } from './rate-limiter.js';
export { ActionItems } from './resources/action-items.js';
export { Conversations } from './resources/conversations.js';
export { DailySummaries } from './resources/daily-summaries.js';
export { Folders } from './resources/folders.js';
export { Goals } from './resources/goals.js';
export { Key } from './resources/key.js';
export { Keys } from './resources/keys.js';
export { Memories } from './resources/memories.js';
export type { RetryReason } from './retry-policy.js';
export { developerRetryRules, integrationRetryRules, type RetryRule } from './retry-rules.js';
export type { CallResult, RequestOptions } from './transport.js';
