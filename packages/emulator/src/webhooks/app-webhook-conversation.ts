import type { Conversation, TranscriptSegment } from '@omi-kit/schemas';

/** Keys holding datetimes in a stored conversation (the store keeps `toISOString()` strings). */
const DATETIME_KEYS = new Set([
  'created_at',
  'updated_at',
  'started_at',
  'finished_at',
  'due_at',
  'completed_at',
  'start',
]);
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3})Z$/;

/** Python's `isoformat()` of an aware UTC datetime: `+00:00`, microseconds only when not zero. */
export function pythonIsoformat(iso: string): string {
  const match = ISO_UTC.exec(iso);
  if (!match) return iso;
  return match[2] === '000' ? `${match[1]}+00:00` : `${match[1]}.${match[2]}000+00:00`;
}

function withPythonDates(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return DATETIME_KEYS.has(key) ? pythonIsoformat(value) : value;
  if (Array.isArray(value)) return value.map((item) => withPythonDates(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPythonDates(v, k)]));
  }
  return value;
}

/**
 * A segment as app webhooks carry it: `speaker_name` is added only to Developer-Settings
 * webhooks (reference §2.4, §8), so it is dropped here.
 */
export function appWebhookSegment(segment: TranscriptSegment): TranscriptSegment {
  const { speaker_name: _dropped, ...rest } = segment as TranscriptSegment & { speaker_name?: unknown };
  return rest as TranscriptSegment;
}

/**
 * A stored conversation as Omi's `memory_creation` webhook sends it: the whole model with
 * datetimes as Python's `isoformat()` (`conversation_to_dict`), without the Developer-Settings
 * extras (`speaker_name`, `folder_name`), `external_data` nulled for workflow conversations.
 */
export function appWebhookConversation(conversation: Conversation): Conversation {
  const { folder_name: _folder, ...rest } = conversation as Conversation & { folder_name?: unknown };
  const out = withPythonDates(rest) as Conversation;
  out.transcript_segments = (out.transcript_segments ?? []).map(appWebhookSegment);
  if (out.source === 'workflow') out.external_data = null;
  return out;
}
