import type { Conversation } from '@omi-kit/schemas';
import type { DevKeyAuthenticator } from './auth.js';
import type { Clock } from './clock.js';
import type { FixedWindowRateLimiter } from './rate-limiter.js';
import type { ActionItemStore } from './store/action-items.js';
import type { ConversationStore } from './store/conversations.js';
import type { Db } from './store/database.js';
import type { DailySummaryStore, FolderStore, GoalStore } from './store/documents.js';
import type { GroupCommit } from './store/group-commit.js';
import type { KeyStore } from './store/keys.js';
import type { MemoryStore } from './store/memories.js';
import type { UserStore } from './store/users.js';
import type { Switches } from './switches.js';

/** Everything a route handler may use. */
export interface EmulatorState {
  db: Db;
  /** Writes of one event-loop turn committed together (the busiest create routes use it). */
  writes: GroupCommit;
  clock: Clock;
  limiter: FixedWindowRateLimiter;
  auth: DevKeyAuthenticator;
  switches: Switches;
  memories: MemoryStore;
  actionItems: ActionItemStore;
  conversations: ConversationStore;
  folders: FolderStore;
  goals: GoalStore;
  dailySummaries: DailySummaryStore;
  keys: KeyStore;
  users: UserStore;
  /** The seeded user, owner of keys minted without a uid. */
  defaultUid: string;
  /** Time a created conversation stays "processing" (0: created synchronously, as Omi answers). */
  conversationProcessingMs: number;
  /** Called with each conversation the pipeline processes (the webhook sender's fan-out). */
  onConversationProcessed?: (uid: string, conversation: Conversation) => void;
}
