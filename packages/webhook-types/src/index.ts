export { canonicalPath } from './canonical-path.js';
export { canonicalQuery, type QueryInput } from './canonical-query.js';
export { type ChatToolRequestParts, chatToolStringToSign } from './chat-tool-string-to-sign.js';
export { DEFAULT_TOLERANCE_SEC } from './check-timestamp.js';
export { computeChatToolSignature } from './compute-chat-tool-signature.js';
export { type ComputeSignatureInput, computeSignature } from './compute-signature.js';
export { type MemorySetIfAbsentOptions, memorySetIfAbsent } from './memory-set-if-absent.js';
export { isOmiEventName, OmiEvent, type OmiEventName, omiEventNames } from './omi-event.js';
export { OmiHeader, OmiHeaderLower, type OmiHeaderName } from './omi-header.js';
export {
  type ParsedSignatureHeader,
  parseSignatureHeader,
  type SignatureScheme,
} from './parse-signature-header.js';
export type { RawBody } from './raw-body.js';
export { type HeaderSource, readHeader } from './read-header.js';
export {
  createReplayGuard,
  type ReplayGuard,
  type ReplayGuardOptions,
  type SetIfAbsent,
} from './replay-guard.js';
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
export {
  isWebhookSignatureError,
  WebhookSignatureError,
  type WebhookSignatureErrorCode,
  type WebhookSignatureErrorDetails,
} from './webhook-signature-error.js';
