import type { ConversationCategory, MemoryCategory } from '@omi-kit/schemas';

/**
 * Deterministic stand-ins for the places where Omi calls an LLM. The same input always gives the
 * same output, so tests can assert on it:
 * - title: the first sentence of four words or more (else the first), cut to 8 words;
 * - overview: the first two sentences, at most 300 characters;
 * - category: the conversation category whose keywords occur most often (ties: list order), else "other";
 * - emoji: one per category;
 * - action items: sentences that state an intention ("I'll", "need to", "remember to", ...);
 * - memory category: "system" for a fact about the user (I, my, prefers, ...), else "interesting";
 * - relevance: the share of the query's words found in the text (memory search and ask);
 * - ask: lists the best-matching conversations with their overviews.
 */

export function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function titleFor(text: string): string {
  const all = sentences(text);
  const first = all.find((s) => s.split(' ').length >= 4) ?? all[0] ?? '';
  const words = first
    .replace(/[.!?]+$/, '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 8);
  const title = words.join(' ');
  return title ? title[0]!.toUpperCase() + title.slice(1) : 'Untitled conversation';
}

export function overviewFor(text: string): string {
  const overview = sentences(text).slice(0, 2).join(' ');
  return overview.length > 300 ? `${overview.slice(0, 297)}...` : overview;
}

const CATEGORY_KEYWORDS: [ConversationCategory, string[]][] = [
  [
    'work',
    [
      'meeting',
      'project',
      'deadline',
      'sprint',
      'client',
      'manager',
      'roadmap',
      'release',
      'standup',
      'team',
    ],
  ],
  ['business', ['startup', 'revenue', 'customers', 'sales', 'pricing', 'investor', 'market']],
  ['health', ['doctor', 'workout', 'sleep', 'run', 'running', 'gym', 'diet', 'dentist', 'health']],
  ['finance', ['budget', 'invoice', 'money', 'rent', 'tax', 'taxes', 'savings', 'bank']],
  ['family', ['mom', 'dad', 'kids', 'family', 'sister', 'brother', 'parents']],
  ['education', ['class', 'course', 'study', 'exam', 'lecture', 'homework']],
  ['travel', ['flight', 'trip', 'hotel', 'airport', 'vacation', 'passport']],
  ['technology', ['code', 'software', 'api', 'bug', 'database', 'deploy', 'laptop', 'ai']],
  ['social', ['party', 'friends', 'dinner', 'birthday', 'drinks']],
  ['music', ['concert', 'guitar', 'album', 'song']],
  ['sports', ['match', 'football', 'tennis', 'score', 'league']],
];

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

export function categoryFor(text: string): ConversationCategory {
  const counts = new Map<string, number>();
  for (const w of words(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best: ConversationCategory = 'other';
  let bestScore = 0;
  for (const [category, keywords] of CATEGORY_KEYWORDS) {
    const score = keywords.reduce((n, k) => n + (counts.get(k) ?? 0), 0);
    if (score > bestScore) {
      best = category;
      bestScore = score;
    }
  }
  return best;
}

const EMOJI: Partial<Record<ConversationCategory, string>> = {
  work: '💼',
  business: '📈',
  health: '🩺',
  finance: '💰',
  family: '👪',
  education: '📚',
  travel: '✈️',
  technology: '💻',
  social: '🎉',
  music: '🎵',
  sports: '🏅',
};

export function emojiFor(category: ConversationCategory): string {
  return EMOJI[category] ?? '🧠';
}

const INTENT =
  /\b(i'll|i will|i need to|we need to|need to|have to|remember to|don't forget to|let's|todo)\b/i;

export function actionItemsFrom(text: string): string[] {
  return sentences(text)
    .filter((s) => INTENT.test(s))
    .map((s) => s.slice(0, 500));
}

const ABOUT_USER =
  /\b(i|i'm|i've|my|me|mine|prefers?|likes?|loves?|hates?|works?|lives?|allergic|birthday)\b/i;

export function memoryCategoryFor(content: string): MemoryCategory {
  return ABOUT_USER.test(content) ? 'system' : 'interesting';
}

const STOP_WORDS = new Set(
  "the and for are was were what when where which who why how that this with from have has had you your our but not can did does about into over then than they them their there will would should could just also been being its it's".split(
    ' ',
  ),
);

/** Share of the query's distinct words (stop words aside) that occur in the text, 0..1, 4 decimals. */
export function relevance(query: string, text: string): number {
  const q = new Set(words(query).filter((w) => w.length > 2 && !STOP_WORDS.has(w)));
  if (q.size === 0) return 0;
  const t = new Set(words(text));
  let hits = 0;
  for (const w of q) if (t.has(w)) hits += 1;
  return Math.round((hits / q.size) * 10_000) / 10_000;
}

export interface AskCandidate {
  id: string;
  title: string;
  overview: string;
  created_at: string;
}

export const ASK_NOTHING_FOUND =
  "I couldn't find any conversations related to your question. Try asking about something you've discussed.";

export function answerFor(question: string, matches: AskCandidate[]): string {
  if (matches.length === 0) return ASK_NOTHING_FOUND;
  const parts = matches.map((m) => `"${m.title}" (${m.created_at.slice(0, 10)}): ${m.overview}`);
  return `From ${matches.length} of your conversations about "${question.trim()}": ${parts.join(' ')}`;
}
