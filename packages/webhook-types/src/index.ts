export {
  AudioBytesQuery,
  type AudioChunk,
  describeAudioChunk,
  PCM16_BYTES_PER_SAMPLE,
  parseAudioBytesQuery,
  pcm16Samples,
} from './audio-bytes.js';
export { ButtonEventPayload } from './button-event-payload.js';
export { canonicalPath } from './canonical-path.js';
export { canonicalQuery, type QueryInput } from './canonical-query.js';
export { type ChatToolCall, ChatToolCallBody, parseChatToolCall } from './chat-tool-call.js';
export { type ChatToolRequestParts, chatToolStringToSign } from './chat-tool-string-to-sign.js';
export {
  ChatMessagesConfig,
  ChatToolDefinition,
  ChatToolParameters,
  ChatToolsManifest,
  type ChatToolsManifestInput,
  chatToolMethodValues,
  defineChatToolsManifest,
} from './chat-tools-manifest.js';
export { DEFAULT_TOLERANCE_SEC } from './check-timestamp.js';
export { computeChatToolSignature } from './compute-chat-tool-signature.js';
export { type ComputeSignatureInput, computeSignature } from './compute-signature.js';
export {
  acceptsConversationCreated,
  ConversationCreatedBody,
  type ConversationCreatedEvent,
  ConversationCreatedPayload,
  normalizeConversationCreated,
  SimpleMemoryCreatedPayload,
} from './conversation-created-payload.js';
export { DaySummaryPayload } from './day-summary-payload.js';
export { type MemorySetIfAbsentOptions, memorySetIfAbsent } from './memory-set-if-absent.js';
export { isOmiEventName, OmiEvent, type OmiEventName, omiEventNames } from './omi-event.js';
export { OmiHeader, OmiHeaderLower, type OmiHeaderName } from './omi-header.js';
export { eventOfTrigger, OmiTrigger, type OmiTriggerName } from './omi-trigger.js';
export {
  type ParsedSignatureHeader,
  parseSignatureHeader,
  type SignatureScheme,
} from './parse-signature-header.js';
export { pcm16ToWav } from './pcm16-to-wav.js';
export type { RawBody } from './raw-body.js';
export { type HeaderSource, readHeader } from './read-header.js';
export {
  normalizeRealtimeTranscript,
  type RealtimeTranscript,
  RealtimeTranscriptArrayPayload,
  RealtimeTranscriptBody,
  RealtimeTranscriptPayload,
  SimpleTranscriptPayload,
} from './realtime-transcript-payload.js';
export {
  createReplayGuard,
  type ReplayGuard,
  type ReplayGuardOptions,
  type SetIfAbsent,
} from './replay-guard.js';
export { reply } from './reply.js';
export type { RequestTarget } from './request-target.js';
export { type SignInput, sign } from './sign.js';
export {
  type ChatToolSignatureHeaders,
  type SignChatToolRequestInput,
  signChatToolRequest,
} from './sign-chat-tool-request.js';
export type { SecretInput } from './signing-secrets.js';
export { type VerifiedSignature, type VerifyInput, verify } from './verify.js';
export {
  type VerifiedChatToolRequest,
  type VerifyChatToolRequestInput,
  verifyChatToolRequest,
} from './verify-chat-tool-request.js';
export { type WebhookPayloads, webhookPayloadSchemas } from './webhook-payload-schemas.js';
export {
  ChatToolReply,
  MAX_PROACTIVE_PROMPT_CHARS,
  ProactiveNotification,
  proactiveParamValues,
  SetupCompletedReply,
  WebhookReply,
} from './webhook-reply.js';
export {
  isWebhookSignatureError,
  WebhookSignatureError,
  type WebhookSignatureErrorCode,
  type WebhookSignatureErrorDetails,
} from './webhook-signature-error.js';
