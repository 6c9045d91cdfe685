import { describeAudioChunk, pcm16Samples, pcm16ToWav } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger } from 'fastify';
import type { SignatureOutcome } from '../check-signature.js';
import type { AudioEvent, PluginDefinition } from '../plugin-definition.js';
import { readQueryValue } from '../read-query-value.js';
import { runInline } from '../run-inline.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { parseOr422 } from '../zod-failure.js';

/** About 4 s of raw PCM16 audio with `?sample_rate=`. Omi ignores the reply; the answer is `{}`. */
export async function receiveAudio(
  deps: RuntimeDeps,
  handler: NonNullable<PluginDefinition['onAudio']>,
  params: {
    uid: string;
    url: string;
    raw: Buffer;
    signature: SignatureOutcome;
    receivedAt: number;
    log: FastifyBaseLogger;
  },
): Promise<object> {
  const { raw } = params;
  const chunk = parseOr422('audio-bytes request (query)', () =>
    describeAudioChunk(raw, { sample_rate: readQueryValue(params.url, 'sample_rate'), uid: params.uid }),
  );
  const event: AudioEvent = {
    ...chunk,
    bytes: raw,
    samples: () => pcm16Samples(raw),
    toWav: () => pcm16ToWav(raw, chunk.sampleRate),
  };
  await runInline(deps, handler, {
    uid: params.uid,
    event,
    log: params.log,
    delivery: {
      key: undefined,
      id: params.signature.deliveryId,
      signed: params.signature.signed,
      attempt: 1,
      receivedAt: new Date(params.receivedAt),
    },
  });
  return {};
}
