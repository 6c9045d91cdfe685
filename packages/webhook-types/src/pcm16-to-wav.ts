import { PCM16_BYTES_PER_SAMPLE } from './audio-bytes.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';

/** A playable mono WAV file from PCM16 chunks (concatenated in order), as Omi's docs suggest. */
export function pcm16ToWav(chunks: RawBody | readonly RawBody[], sampleRate: number): Buffer {
  const list = Array.isArray(chunks) ? chunks : [chunks as RawBody];
  const pcm = Buffer.concat(list.map((chunk) => rawBodyBytes(chunk, 'audio chunk')));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.byteLength, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * PCM16_BYTES_PER_SAMPLE, 28); // byte rate
  header.writeUInt16LE(PCM16_BYTES_PER_SAMPLE, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.byteLength, 40);
  return Buffer.concat([header, pcm]);
}
