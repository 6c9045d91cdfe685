import { OmiEvent, type OmiEventName } from './omi-event.js';

/** Values of an app's `external_integration.triggers_on` (exactly one per app; reference §1.2). */
export const OmiTrigger = {
  /** Conversation created (the old name survives). */
  memoryCreation: 'memory_creation',
  /** Real-time transcript. */
  transcriptProcessed: 'transcript_processed',
  /** Real-time PCM16 audio. */
  audioBytes: 'audio_bytes',
} as const;

export type OmiTriggerName = (typeof OmiTrigger)[keyof typeof OmiTrigger];

/** The `X-Omi-Event` a signed delivery of each app trigger carries. */
export const eventOfTrigger: Readonly<Record<OmiTriggerName, OmiEventName>> = Object.freeze({
  memory_creation: OmiEvent.memoryCreated,
  transcript_processed: OmiEvent.realtimeTranscript,
  audio_bytes: OmiEvent.audioBytes,
});
