import {
  isOmiEventName,
  isWebhookSignatureError,
  OmiEvent,
  OmiHeader,
  OmiHeaderLower,
  omiEventNames,
  parseSignatureHeader,
  readHeader,
  WebhookSignatureError,
} from '@omi-kit/webhook-types';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('constants', () => {
  it('names the X-Omi-* headers, with lower-case forms for Node', () => {
    expect(OmiHeader).toEqual({
      signature: 'X-Omi-Signature',
      event: 'X-Omi-Event',
      delivery: 'X-Omi-Delivery',
      idempotencyKey: 'X-Omi-Idempotency-Key',
      developerIdempotencyKey: 'Idempotency-Key',
    });
    for (const key of Object.keys(OmiHeader) as Array<keyof typeof OmiHeader>) {
      expect(OmiHeaderLower[key]).toBe(OmiHeader[key].toLowerCase());
    }
    expectTypeOf(OmiHeaderLower.signature).toEqualTypeOf<'x-omi-signature'>();
  });

  it('lists the X-Omi-Event values', () => {
    expect(omiEventNames).toEqual([
      'memory_created',
      'realtime_transcript',
      'audio_bytes',
      'day_summary',
      'button_event',
      'chat_tool',
    ]);
    expect(OmiEvent.chatTool).toBe('chat_tool');
    expect(isOmiEventName('day_summary')).toBe(true);
    expect(isOmiEventName('memory_creation')).toBe(false);
    expect(isOmiEventName(undefined)).toBe(false);
  });
});

describe('readHeader', () => {
  it('reads fetch Headers, Node headers, any-case records and arrays', () => {
    expect(readHeader(new Headers({ 'X-Omi-Event': 'chat_tool' }), 'x-omi-event')).toBe('chat_tool');
    expect(readHeader({ 'x-omi-event': 'chat_tool' }, OmiHeader.event)).toBe('chat_tool');
    expect(readHeader({ 'X-OMI-EVENT': 'chat_tool' }, OmiHeader.event)).toBe('chat_tool');
    expect(readHeader({ 'x-omi-event': ['a', 'b'] }, OmiHeader.event)).toBe('a');
    expect(readHeader({ 'x-omi-event': undefined, 'X-Omi-Event': 'late' }, OmiHeader.event)).toBe('late');
    expect(readHeader({ 'content-length': 12 }, 'Content-Length')).toBe('12');
    expect(readHeader({}, OmiHeader.event)).toBeUndefined();
    expect(readHeader(new Headers(), OmiHeader.event)).toBeUndefined();
    expect(readHeader(undefined, OmiHeader.event)).toBeUndefined();
  });
});

describe('parseSignatureHeader', () => {
  it('returns t, the values of the requested scheme and the keys seen', () => {
    expect(parseSignatureHeader('t=1760000000, v1=aa, v2=future, v1=bb, novalue')).toEqual({
      timestamp: 1_760_000_000,
      timestampText: '1760000000',
      signatures: ['aa', 'bb'],
      keys: ['v1', 'v2'],
    });
    expect(parseSignatureHeader('t=1760000000,v1=aa,v2=cc', 'v2').signatures).toEqual(['cc']);
  });
});

describe('WebhookSignatureError', () => {
  it('is an Error with a stable code and a type guard', () => {
    const error = new WebhookSignatureError('signature_mismatch', 'nope', { secretCount: 1 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebhookSignatureError');
    expect(isWebhookSignatureError(error)).toBe(true);
    expect(isWebhookSignatureError(error, 'signature_mismatch', 'missing_header')).toBe(true);
    expect(isWebhookSignatureError(error, 'missing_header')).toBe(false);
    expect(isWebhookSignatureError(new Error('x'))).toBe(false);
  });
});
