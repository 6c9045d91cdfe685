import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  uid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dev_keys (
  id TEXT PRIMARY KEY,
  uid TEXT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  scopes TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX IF NOT EXISTS dev_keys_uid ON dev_keys (uid, created_at);
CREATE TABLE IF NOT EXISTS id_tokens (
  token_hash TEXT PRIMARY KEY,
  uid TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memories (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  content TEXT NOT NULL,
  category TEXT NOT NULL,
  visibility TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  manually_added INTEGER NOT NULL,
  reviewed INTEGER NOT NULL,
  user_review INTEGER,
  edited INTEGER NOT NULL,
  scoring TEXT,
  invalid_at TEXT,
  is_locked INTEGER NOT NULL DEFAULT 0,
  wire_json TEXT NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE INDEX IF NOT EXISTS memories_order ON memories (uid, scoring DESC, created_at DESC);
CREATE TABLE IF NOT EXISTS action_items (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  description TEXT NOT NULL,
  completed INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  due_at TEXT,
  completed_at TEXT,
  conversation_id TEXT,
  is_locked INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE INDEX IF NOT EXISTS action_items_order ON action_items (uid, completed, due_at, created_at);
CREATE TABLE IF NOT EXISTS conversations (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  discarded INTEGER NOT NULL,
  category TEXT NOT NULL,
  folder_id TEXT,
  starred INTEGER NOT NULL DEFAULT 0,
  is_locked INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE INDEX IF NOT EXISTS conversations_order ON conversations (uid, created_at DESC);
CREATE TABLE IF NOT EXISTS conversation_claims (
  uid TEXT NOT NULL,
  client_session_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (uid, client_session_id)
);
CREATE TABLE IF NOT EXISTS folders (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE TABLE IF NOT EXISTS goals (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE TABLE IF NOT EXISTS goal_history (
  uid TEXT NOT NULL,
  goal_id TEXT NOT NULL,
  date TEXT NOT NULL,
  value REAL NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (uid, goal_id, date)
);
CREATE TABLE IF NOT EXISTS daily_summaries (
  uid TEXT NOT NULL,
  id TEXT NOT NULL,
  date TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (uid, id)
);
CREATE INDEX IF NOT EXISTS daily_summaries_order ON daily_summaries (uid, date DESC);
CREATE TABLE IF NOT EXISTS settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Tables that hold a user's data, cleared by a reset (keys and users too). */
export const DATA_TABLES = [
  'memories',
  'action_items',
  'conversations',
  'conversation_claims',
  'folders',
  'goals',
  'goal_history',
  'daily_summaries',
  'dev_keys',
  'id_tokens',
  'users',
  'settings',
] as const;

/** Opens (and creates) the emulator's SQLite database: a file that survives restarts, or `:memory:`. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = path === ':memory:' ? new Database(emptyDatabaseImage()) : new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A memdb's page cache is only a window on memory already held; each commit walks it, so a
  // small one (SQLite's own default, 2 MB, not better-sqlite3's 16 MB) makes writes cheaper.
  if (path === ':memory:') db.pragma('cache_size = -2000');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

let emptyImage: Buffer | undefined;

/**
 * The image of an empty database. `:memory:` opens as a copy of it (SQLite's `memdb`), which keeps
 * the same SQL and transactions but not `:memory:`'s cost: there every commit scans a page cache
 * that holds the whole database, so each write got slower as the data grew (10 µs per insert at
 * 50,000 memories, 40 µs at 300,000); a memdb's cache stays bounded and the cost stays flat.
 */
function emptyDatabaseImage(): Buffer {
  emptyImage ??= new Database(':memory:').serialize();
  return emptyImage;
}
