/** Values of the `X-Omi-Event` header (reference §6.2). */
export const OmiEvent = {
  memoryCreated: 'memory_created',
  realtimeTranscript: 'realtime_transcript',
  audioBytes: 'audio_bytes',
  daySummary: 'day_summary',
  buttonEvent: 'button_event',
  chatTool: 'chat_tool',
} as const;

export type OmiEventName = (typeof OmiEvent)[keyof typeof OmiEvent];

/** Every known `X-Omi-Event` value, in the order of {@link OmiEvent}. */
export const omiEventNames: readonly OmiEventName[] = Object.freeze(Object.values(OmiEvent));

/** True when `value` is an `X-Omi-Event` value this version knows. */
export function isOmiEventName(value: unknown): value is OmiEventName {
  return typeof value === 'string' && (omiEventNames as readonly string[]).includes(value);
}
