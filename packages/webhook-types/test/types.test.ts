// Pins the public types; checked by `tsc -p tsconfig.test.json` (pnpm typecheck) as well as run.

import type { Conversation, TranscriptSegment } from '@omi-kit/schemas';
import {
  type ChatToolSignatureHeaders,
  type ConversationCreatedEvent,
  type HeaderSource,
  normalizeRealtimeTranscript,
  type OmiEventName,
  parseChatToolCall,
  type RealtimeTranscript,
  reply,
  signChatToolRequest,
  type VerifiedSignature,
  verify,
  type WebhookPayloads,
  type WebhookSignatureErrorCode,
} from '@omi-kit/webhook-types';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

describe('public types', () => {
  it('pin the signing API', () => {
    expectTypeOf(verify).returns.toEqualTypeOf<VerifiedSignature>();
    expectTypeOf<VerifiedSignature>().toEqualTypeOf<{ timestamp: number; secretIndex: number }>();
    expectTypeOf(signChatToolRequest).returns.toEqualTypeOf<ChatToolSignatureHeaders>();
    expectTypeOf<ChatToolSignatureHeaders>().toExtend<HeaderSource>();
    expectTypeOf<Record<string, string | string[] | undefined>>().toExtend<HeaderSource>();
    expectTypeOf<Headers>().toExtend<HeaderSource>();
    expectTypeOf<'signature_mismatch'>().toExtend<WebhookSignatureErrorCode>();
    expectTypeOf<OmiEventName>().toEqualTypeOf<
      'memory_created' | 'realtime_transcript' | 'audio_bytes' | 'day_summary' | 'button_event' | 'chat_tool'
    >();
  });

  it('pin the payload API', () => {
    expectTypeOf<keyof WebhookPayloads>().toEqualTypeOf<OmiEventName>();
    expectTypeOf<WebhookPayloads['audio_bytes']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<
      Extract<ConversationCreatedEvent, { variant: 'conversation' }>['conversation']
    >().toEqualTypeOf<Conversation>();
    expectTypeOf(normalizeRealtimeTranscript).returns.toEqualTypeOf<RealtimeTranscript>();
    expectTypeOf<RealtimeTranscript['segments']>().toEqualTypeOf<TranscriptSegment[]>();
    const call = parseChatToolCall(
      { uid: 'u', app_id: 'a', tool_name: 't', n: '1' },
      z.object({ n: z.coerce.number() }),
    );
    expectTypeOf(call.args).toEqualTypeOf<{ n: number }>();
    expectTypeOf(parseChatToolCall({ uid: 'u', app_id: 'a', tool_name: 't' }).args).toEqualTypeOf<
      Record<string, unknown>
    >();
    expectTypeOf(reply.setupCompleted(true)).toEqualTypeOf<{ is_setup_completed: boolean }>();
  });
});
