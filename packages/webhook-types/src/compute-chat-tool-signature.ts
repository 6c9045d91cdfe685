import { type ChatToolRequestParts, chatToolStringToSign } from './chat-tool-string-to-sign.js';
import { hmacSha256Hex } from './hmac-sha256-hex.js';

/** The `v2` signature: hex HMAC-SHA256, keyed with the whole `whsec_…` string, over {@link chatToolStringToSign}. */
export function computeChatToolSignature(secret: string, parts: ChatToolRequestParts): string {
  return hmacSha256Hex(secret, chatToolStringToSign(parts));
}
