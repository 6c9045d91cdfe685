import { OmiEvent } from '@omi-kit/webhook-types';

/** The deliveries the emulator makes: the three app triggers and the Developer-Settings day summary. */
export const WEBHOOK_EVENTS = [
  OmiEvent.memoryCreated,
  OmiEvent.realtimeTranscript,
  OmiEvent.audioBytes,
  OmiEvent.daySummary,
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
