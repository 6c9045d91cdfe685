/**
 * The PCM16 samples of an audio file for an `audio_bytes` delivery: a WAV file's `data` chunk
 * (with its sample rate), or any other file taken as raw PCM16 little-endian mono.
 */
export function pcm16FromFile(bytes: Buffer): { pcm: Buffer; sampleRate: number | null } {
  if (
    bytes.length < 12 ||
    bytes.toString('ascii', 0, 4) !== 'RIFF' ||
    bytes.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return { pcm: bytes, sampleRate: null };
  }
  let sampleRate: number | null = null;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ') {
      const format = bytes.readUInt16LE(start);
      const channels = bytes.readUInt16LE(start + 2);
      const bits = bytes.readUInt16LE(start + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new RangeError(
          `This WAV file is format ${format}, ${channels} channel(s), ${bits} bits; Omi sends 16-bit PCM mono.`,
        );
      }
      sampleRate = bytes.readUInt32LE(start + 4);
    }
    if (id === 'data')
      return { pcm: bytes.subarray(start, Math.min(start + size, bytes.length)), sampleRate };
    offset = start + size + (size % 2);
  }
  throw new RangeError('This WAV file has no data chunk.');
}
