import { createHash } from 'node:crypto';
import type { TranscriptSegment } from '@omi-kit/schemas';
import { processConversation } from './conversation-pipeline.js';
import { documentIdFromSeed } from './ids.js';
import { newGoal } from './routes/goals.js';
import type { EmulatorState } from './state.js';

export const DEFAULT_UID = 'emulator-user';
export const DEFAULT_USER_NAME = 'Alex Rivera';

/** A deterministic stream of integers, so the seed's action-item ids are the same on every run. */
function seededRandom(seed: string): (max: number) => number {
  let counter = 0;
  return (max: number) => {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return digest.readUInt32BE(0) % max;
  };
}

type Line = [speaker: 'user' | string, text: string];

interface SeedConversation {
  key: string;
  title: string;
  overview: string;
  daysAgo: number;
  hour: number;
  source: string;
  folder?: 'work' | 'personal' | 'social' | 'side-project';
  starred?: boolean;
  lines: Line[];
}

const PEOPLE: Record<string, string> = {
  dana: 'Dana Whitfield',
  sam: 'Sam Okafor',
  priya: 'Priya Natarajan',
};

const CONVERSATIONS: SeedConversation[] = [
  {
    key: 'sprint-planning',
    title: 'CSV Export Ships This Sprint',
    overview:
      "Dana and Alex agreed to ship the CSV export this sprint and move the billing fix to the next one. Alex will send the release checklist before tomorrow's standup; the team demo is on Friday.",
    daysAgo: 0,
    hour: 9,
    source: 'omi',
    folder: 'work',
    starred: true,
    lines: [
      ['dana', 'Morning! Can we get the CSV export out in this sprint?'],
      ['user', 'I think so. The backend part is done, I need to finish the download button and the tests.'],
      ['dana', 'Great. The billing fix can move to next sprint then, the client agreed.'],
      ['user', "I'll send you the release checklist before the standup tomorrow."],
      ['dana', "Perfect. Let's also demo it to the team on Friday."],
    ],
  },
  {
    key: 'dentist-call',
    title: 'Dentist Appointment Confirmed',
    overview:
      "The dental office confirmed Alex's cleaning for Thursday at 4 pm and asked Alex to bring the new insurance card.",
    daysAgo: 1,
    hour: 14,
    source: 'phone_call',
    folder: 'personal',
    lines: [
      ['priya', 'Hi, this is the dental office calling to confirm your cleaning.'],
      ['user', 'Thanks. Is Thursday at four still fine?'],
      ['priya', 'Yes, Thursday at 4 pm. Please bring your new insurance card.'],
      ['user', 'Got it, I need to remember to bring the insurance card to the dentist.'],
    ],
  },
  {
    key: 'run-club',
    title: 'Sunday Long Run Plan',
    overview:
      "Sam thinks Alex is ready for the half marathon. Alex's knee feels better with the new running shoes; they plan a 16 km easy run on Sunday at seven.",
    daysAgo: 2,
    hour: 7,
    source: 'omi',
    folder: 'social',
    lines: [
      ['sam', 'Nice pace today. You are ready for the half marathon.'],
      ['user', 'My knee felt better after the new running shoes.'],
      ['sam', "Let's do the long run on Sunday, sixteen kilometres at an easy pace."],
      ['user', 'Sounds good. I prefer starting early, around seven.'],
    ],
  },
  {
    key: 'budget-review',
    title: 'Monthly Budget Review',
    overview:
      'Rent went up, so Alex is cutting the eating-out budget and saving two hundred a month for the Lisbon trip. Tax receipts are due before the end of the month.',
    daysAgo: 3,
    hour: 19,
    source: 'desktop',
    folder: 'personal',
    lines: [
      ['user', 'Rent went up again, so the budget for eating out has to shrink.'],
      ['user', 'I will move two hundred a month into the savings account for the trip to Lisbon.'],
      ['user', 'Also need to file the tax receipts before the end of the month.'],
    ],
  },
  {
    key: 'side-project',
    title: 'Plant App Database Choice',
    overview:
      'Sam suggested starting the plant watering app on SQLite and moving to Postgres later. Alex plans to deploy the API this weekend and test it on the balcony plants.',
    daysAgo: 4,
    hour: 21,
    source: 'omi',
    folder: 'side-project',
    lines: [
      ['user', 'The plant watering app needs a database for the sensor readings.'],
      ['sam', 'Use SQLite first, you can move to Postgres when you have real users.'],
      ['user', "Fair. I'll deploy the API this weekend and try it on the balcony plants."],
    ],
  },
  {
    key: 'family-dinner',
    title: "Planning Mom's Birthday Dinner",
    overview:
      "Mom's birthday is on the twelfth. Alex will reserve a table for six at the Italian restaurant; Alex's sister is bringing the cake.",
    daysAgo: 6,
    hour: 18,
    source: 'omi',
    lines: [
      ['user', "Mom's birthday is on the twelfth, we should book the Italian place."],
      ['dana', 'Your sister said she can bring the cake.'],
      ['user', 'Great, I need to call the restaurant to reserve a table for six.'],
    ],
  },
];

const MEMORIES: [string, string][] = [
  ['Alex prefers morning meetings and blocks 9-11 for focused work', 'system'],
  ['Alex is training for a half marathon with Sam from the run club', 'system'],
  ['Alex works as a frontend engineer on the data export team', 'work'],
  ['Alex is allergic to peanuts', 'system'],
  ['Alex is saving for a trip to Lisbon next spring', 'lifestyle'],
  ['Dana Whitfield is Alex’s product manager', 'work'],
  ['Alex grows tomatoes and basil on the balcony', 'hobbies'],
  ['Running shoes with a wider toe box helped Alex’s knee', 'habits'],
  ['Octopus have three hearts and blue blood', 'interesting'],
  ['SQLite handles more write load than most side projects need', 'learnings'],
  ['Alex is learning Portuguese with a daily 15-minute lesson', 'skills'],
  ['Alex’s mother’s birthday is on the twelfth', 'manual'],
];

function at(now: Date, daysAgo: number, hour: number, minute = 0): Date {
  const d = new Date(now);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  d.setUTCHours(hour, minute, 0, 0);
  return d.getTime() > now.getTime() ? new Date(now.getTime() - 60_000 * (daysAgo + 1)) : d;
}

/**
 * Seeds a realistic user: conversations with transcripts in folders, memories of several
 * categories, action items with and without due dates, goals with history, daily summaries.
 * Ids are derived from fixed seeds, so seeding twice changes nothing.
 */
export function seed(state: EmulatorState, uid = DEFAULT_UID): void {
  const now = state.clock();
  const random = seededRandom(`seed:${uid}`);
  state.db.transaction(() => {
    state.users.ensure(uid, uid === DEFAULT_UID ? DEFAULT_USER_NAME : uid, now);
    if (state.conversations.getRow(uid, documentIdFromSeed(`seed:${uid}:conversation:sprint-planning`)))
      return;

    const folderIds: Record<string, string> = {};
    const folders: [string, string, string, string, boolean][] = [
      ['work', 'Work', '#3B82F6', 'briefcase', true],
      ['personal', 'Personal', '#10B981', 'person', true],
      ['social', 'Social', '#F59E0B', 'people', true],
      ['side-project', 'Plant app', '#6B7280', 'leaf', false],
    ];
    folders.forEach(([key, name, color, icon, system], order) => {
      const id = system
        ? documentIdFromSeed(`user:${uid}:system_folder:${key}`)
        : documentIdFromSeed(`seed:${uid}:folder:${key}`);
      folderIds[key] = id;
      const created = at(now, 30, 8).toISOString();
      state.folders.save(uid, {
        id,
        name,
        description: system ? `Conversations about ${name.toLowerCase()}` : 'Notes on the plant watering app',
        color,
        icon,
        created_at: created,
        updated_at: created,
        order,
        is_default: key === 'personal',
        is_system: system,
        conversation_count: 0,
      });
    });

    for (const seedConv of CONVERSATIONS) {
      const started = at(now, seedConv.daysAgo, seedConv.hour);
      let t = 0.4;
      const segments: TranscriptSegment[] = seedConv.lines.map(([who, text], i) => {
        const duration = Math.max(1.5, text.split(' ').length * 0.38);
        const isUser = who === 'user';
        const speakerId = isUser ? 0 : Object.keys(PEOPLE).indexOf(who) + 1;
        const seg: TranscriptSegment = {
          id: documentIdFromSeed(`seed:${uid}:${seedConv.key}:segment:${i}`),
          text,
          speaker: `SPEAKER_${String(speakerId).padStart(2, '0')}`,
          speaker_id: speakerId,
          is_user: isUser,
          person_id: isUser ? null : `person_${who}`,
          start: Math.round(t * 100) / 100,
          end: Math.round((t + duration) * 100) / 100,
          translations: [],
          speaker_name: isUser ? DEFAULT_USER_NAME : (PEOPLE[who] ?? null),
        };
        t += duration + 0.6;
        return seg;
      });
      const finished = new Date(started.getTime() + t * 1000);
      const conversation = processConversation(state, {
        id: documentIdFromSeed(`seed:${uid}:conversation:${seedConv.key}`),
        uid,
        text: seedConv.lines.map(([, text]) => text).join(' '),
        segments,
        source: seedConv.source,
        startedAt: started,
        finishedAt: finished,
        language: 'en',
        geolocation:
          seedConv.key === 'sprint-planning'
            ? { latitude: 37.7793, longitude: -122.4193, address: 'Market St, San Francisco, CA' }
            : null,
        now: new Date(finished.getTime() + 8_000),
        random,
        fireWebhooks: false,
      });
      conversation.structured.title = seedConv.title;
      conversation.structured.overview = seedConv.overview;
      conversation.folder_id = seedConv.folder ? (folderIds[seedConv.folder] ?? null) : null;
      conversation.starred = seedConv.starred ?? false;
      state.conversations.save(uid, conversation);
    }

    MEMORIES.forEach(([content, category], i) => {
      state.memories.create(uid, {
        content,
        category: category as never,
        visibility: i % 4 === 0 ? 'public' : 'private',
        tags: category === 'work' ? ['work'] : [],
        manuallyAdded: i % 3 !== 0,
        now: at(now, i, 10, i),
      });
    });

    const items: [string, boolean, number | null, number][] = [
      ['Book the Italian restaurant for Mom’s birthday', false, 2, 1],
      ['Renew passport before the Lisbon trip', false, 20, 5],
      ['Review Dana’s export feature spec', true, null, 3],
      ['Buy new running socks', false, null, 2],
      ['Water the balcony tomatoes', true, null, 4],
      ['Send quarterly expense report', false, -1, 8],
    ];
    for (const [description, completed, dueInDays, daysAgo] of items) {
      const created = at(now, daysAgo, 12).toISOString();
      state.actionItems.create(
        uid,
        {
          description,
          completed,
          dueAt:
            dueInDays === null
              ? null
              : new Date(Date.parse(created) + (daysAgo + dueInDays) * 86_400_000).toISOString(),
          createdAt: created,
        },
        now,
        random,
      );
    }

    const goals = [
      newGoal(
        {
          title: 'Run a half marathon',
          goal_type: 'numeric',
          target_value: 21.1,
          current_value: 16,
          unit: 'km',
          success_criteria: ['Finish under 2 hours'],
        },
        at(now, 40, 9),
        `goal_${documentIdFromSeed(`seed:${uid}:goal:run`).replace(/-/g, '').slice(0, 12)}`,
      ),
      newGoal(
        {
          title: 'Speak conversational Portuguese',
          goal_type: 'scale',
          target_value: 10,
          current_value: 4,
          min_value: 0,
          max_value: 10,
        },
        at(now, 60, 9),
        `goal_${documentIdFromSeed(`seed:${uid}:goal:portuguese`).replace(/-/g, '').slice(0, 12)}`,
      ),
      newGoal(
        { title: 'Launch the plant watering app', why_it_matters: 'A small project to finish end to end' },
        at(now, 20, 9),
        `goal_${documentIdFromSeed(`seed:${uid}:goal:plant-app`).replace(/-/g, '').slice(0, 12)}`,
      ),
    ];
    goals[0]!.status = 'focused';
    goals[0]!.focus_rank = 1;
    for (const goal of goals) {
      state.goals.save(uid, goal);
      if (goal.metric) {
        const target = goal.current_value as number;
        for (let d = 6; d >= 0; d--) {
          const day = at(now, d, 20);
          state.goals.record(
            uid,
            goal.id,
            day.toISOString().slice(0, 10),
            Math.round(target * (1 - d * 0.06) * 10) / 10,
            day.toISOString(),
          );
        }
      }
    }

    for (let d = 1; d <= 3; d++) {
      const date = at(now, d, 0).toISOString().slice(0, 10);
      const dayConversations = CONVERSATIONS.filter((c) => c.daysAgo === d);
      state.dailySummaries.save(uid, {
        id: documentIdFromSeed(`seed:${uid}:daily-summary:${d}`),
        date,
        created_at: at(now, d, 22).toISOString(),
        headline:
          d === 1
            ? 'Errands and a dentist booking'
            : d === 2
              ? 'A strong run with Sam'
              : 'Budget and savings plan',
        overview:
          dayConversations
            .map((c) => c.lines.map(([, t]) => t).join(' '))
            .join(' ')
            .slice(0, 280) || 'A quiet day.',
        day_emoji: d === 2 ? '🏃' : '📅',
        stats: {
          total_conversations: dayConversations.length,
          total_duration_minutes: 12 * dayConversations.length,
          action_items_count: dayConversations.length,
        },
        highlights: dayConversations.map((c) => ({
          topic: c.key.replace(/-/g, ' '),
          emoji: '✨',
          summary: c.lines[0]![1],
          conversation_ids: [documentIdFromSeed(`seed:${uid}:conversation:${c.key}`)],
        })),
        action_items: [{ description: 'Follow up on today’s plans', priority: 'medium', completed: false }],
        unresolved_questions: [],
        decisions_made: [],
        knowledge_nuggets: [],
        locations: [],
      });
    }
  })();
}
