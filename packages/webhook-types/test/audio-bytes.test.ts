import { describeAudioChunk, parseAudioBytesQuery, pcm16Samples, pcm16ToWav } from '@omi-kit/webhook-types';
import { pcm16Fixture } from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

describe('audio bytes', () => {
  it('parses ?sample_rate=&uid= in every query form', () => {
    expect(parseAudioBytesQuery('sample_rate=16000&uid=u1')).toEqual({ sample_rate: 16_000, uid: 'u1' });
    expect(parseAudioBytesQuery('?sample_rate=8000&uid=u1')).toEqual({ sample_rate: 8000, uid: 'u1' });
    expect(parseAudioBytesQuery({ sample_rate: '16000', uid: 'u2' })).toEqual({
      sample_rate: 16_000,
      uid: 'u2',
    });
    expect(parseAudioBytesQuery(new URLSearchParams('uid=u3&sample_rate=44100')).sample_rate).toBe(44_100);
    expect(parseAudioBytesQuery('sample_rate=16000').uid).toBe('');
    for (const bad of ['uid=u1', 'sample_rate=abc', 'sample_rate=0', 'sample_rate=16000.5', '']) {
      expect(() => parseAudioBytesQuery(bad)).toThrow(ZodError);
    }
  });

  it('computes sample count and duration of a PCM16 chunk', () => {
    const chunk = pcm16Fixture({ seconds: 4, sampleRate: 16_000 });
    expect(chunk.byteLength).toBe(128_000);
    expect(describeAudioChunk(chunk, 'sample_rate=16000&uid=u1')).toEqual({
      sampleRate: 16_000,
      uid: 'u1',
      channels: 1,
      byteLength: 128_000,
      sampleCount: 64_000,
      durationSec: 4,
      truncated: false,
    });
    expect(
      describeAudioChunk(pcm16Fixture({ seconds: 1, sampleRate: 8000 }), { sample_rate: 8000, uid: 'x' })
        .durationSec,
    ).toBe(1);
    expect(describeAudioChunk(new Uint8Array(3), 'sample_rate=8000')).toMatchObject({
      sampleCount: 1,
      truncated: true,
    });
    expect(() => describeAudioChunk({} as Uint8Array, 'sample_rate=8000')).toThrow(/raw request body/);
  });

  it('reads samples little-endian, from any offset', () => {
    const bytes = new Uint8Array([0xff, 0x01, 0x00, 0xff, 0x7f, 0x00, 0x80]);
    expect([...pcm16Samples(bytes.subarray(1))]).toEqual([1, 32_767, -32_768]);
  });

  it('wraps chunks in a playable WAV header', () => {
    const a = pcm16Fixture({ seconds: 0.5, seed: 'a' });
    const b = pcm16Fixture({ seconds: 0.5, seed: 'b' });
    const wav = pcm16ToWav([a, b], 16_000);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + 32_000);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([
      1, 1, 16_000, 16,
    ]);
    expect(wav.readUInt32LE(40)).toBe(32_000);
    expect(wav.subarray(44).equals(Buffer.concat([a, b]))).toBe(true);
  });
});
