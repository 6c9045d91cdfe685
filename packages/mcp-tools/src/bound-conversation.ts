import type { DeveloperConversation } from '@omi-kit/schemas';

export interface TranscriptBounds {
  maxSegments: number;
  /** Transcript text characters, all segments together. */
  maxChars: number;
}

export interface BoundedConversation {
  conversation: DeveloperConversation;
  truncated: boolean;
  total_segments: number;
  returned_segments: number;
  /** Transcript characters kept. */
  chars: number;
}

/**
 * Keeps the first segments of a transcript within `maxSegments` and `maxChars`, as Omi's hosted
 * server does, so one long conversation cannot flood the assistant's context. The segment that
 * crosses the character budget is cut, so the budget is used fully.
 */
export function boundConversation(
  conversation: DeveloperConversation,
  limits: TranscriptBounds,
): BoundedConversation {
  const segments = conversation.transcript_segments ?? [];
  const kept: typeof segments = [];
  let chars = 0;
  let truncated = false;
  for (const segment of segments) {
    if (kept.length >= limits.maxSegments) {
      truncated = true;
      break;
    }
    const room = limits.maxChars - chars;
    if (segment.text.length > room) {
      truncated = true;
      if (room > 0) {
        kept.push({ ...segment, text: segment.text.slice(0, room) });
        chars += room;
      }
      break;
    }
    kept.push(segment);
    chars += segment.text.length;
  }
  return {
    conversation: { ...conversation, transcript_segments: kept },
    truncated,
    total_segments: segments.length,
    returned_segments: kept.length,
    chars,
  };
}
