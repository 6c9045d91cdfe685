import type { DeveloperMemory, MemoryCategory } from '@omi-kit/schemas';
import type Database from 'better-sqlite3';
import { documentIdFromSeed } from '../ids.js';
import { pydanticDatetime } from '../pydantic-json.js';
import type { Db } from './database.js';

interface MemoryRow {
  uid: string;
  id: string;
  content: string;
  category: string;
  visibility: string;
  tags: string;
  created_at: string;
  updated_at: string;
  manually_added: number;
  reviewed: number;
  user_review: number | null;
  edited: number;
  scoring: string | null;
  invalid_at: string | null;
  is_locked: number;
  /** The row as the API shows it, serialised once at write time: lists send it as it is. */
  wire_json: string;
}

export interface NewMemory {
  content: string;
  category: MemoryCategory;
  visibility: string;
  tags: string[];
  manuallyAdded: boolean;
  now: Date;
}

/** `"{manual:02d}_{999-boost:02d}_{created_unix:010d}"`; system memories rank above the rest. */
export function memoryScoring(manuallyAdded: boolean, category: string, createdAt: Date): string {
  const boost = category === 'system' ? 0 : 1;
  const unix = Math.floor(createdAt.getTime() / 1000);
  return `${manuallyAdded ? '01' : '00'}_${String(999 - boost).padStart(2, '0')}_${String(unix).padStart(10, '0')}`;
}

const LOCKED_PREVIEW = 70;

/** The row a new memory is stored as: id from the content, wire form serialised once. */
export function newMemoryRow(uid: string, m: NewMemory): MemoryRow {
  const now = m.now.toISOString();
  const row: MemoryRow = {
    uid,
    id: documentIdFromSeed(m.content),
    content: m.content,
    category: m.category,
    visibility: m.visibility,
    tags: JSON.stringify(m.tags),
    created_at: now,
    updated_at: now,
    manually_added: m.manuallyAdded ? 1 : 0,
    reviewed: m.manuallyAdded ? 1 : 0,
    user_review: m.manuallyAdded ? 1 : null,
    edited: 0,
    scoring: memoryScoring(m.manuallyAdded, m.category, m.now),
    invalid_at: null,
    is_locked: 0,
    wire_json: '',
  };
  row.wire_json = wireJson(row, m.tags);
  return row;
}

/** Memories: ids from the content, list order by scoring then newest, locked content truncated. */
export class MemoryStore {
  private readonly insert;
  private readonly byId;
  private readonly remove;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`INSERT OR REPLACE INTO memories
      (uid, id, content, category, visibility, tags, created_at, updated_at, manually_added, reviewed, user_review, edited, scoring, invalid_at, is_locked, wire_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)`);
    this.byId = db.prepare<[string, string], MemoryRow>('SELECT * FROM memories WHERE uid = ? AND id = ?');
    this.remove = db.prepare<[string, string]>('DELETE FROM memories WHERE uid = ? AND id = ?');
  }

  /** Writes a memory; the same content gets the same id and overwrites the earlier one. */
  create(uid: string, m: NewMemory): MemoryRow {
    const row = newMemoryRow(uid, m);
    this.write(row);
    return row;
  }

  /** Inserts (or, for the same id, replaces) a row built by `newMemoryRow`. */
  write(row: MemoryRow): void {
    this.insert.run(
      row.uid,
      row.id,
      row.content,
      row.category,
      row.visibility,
      row.tags,
      row.created_at,
      row.updated_at,
      row.manually_added,
      row.reviewed,
      row.user_review,
      row.edited,
      row.scoring,
      row.wire_json,
    );
  }

  createMany(uid: string, memories: NewMemory[]): MemoryRow[] {
    return this.db.transaction(() => memories.map((m) => this.create(uid, m)))();
  }

  get(uid: string, id: string): MemoryRow | undefined {
    return this.byId.get(uid, id);
  }

  private listStatement(columns: string, categoryCount: number) {
    const key = `${columns}:${categoryCount}`;
    let statement = this.listStatements.get(key);
    if (!statement) {
      const filter = categoryCount ? `AND category IN (${Array(categoryCount).fill('?').join(',')})` : '';
      statement = this.db.prepare(
        `SELECT ${columns} FROM memories WHERE uid = ? AND (user_review IS NULL OR user_review != 0) AND invalid_at IS NULL ${filter}
         ORDER BY scoring DESC, created_at DESC LIMIT ? OFFSET ?`,
      );
      this.listStatements.set(key, statement);
    }
    return statement;
  }

  private readonly listStatements = new Map<string, Database.Statement>();

  /** Visible memories, by score then newest; hidden: rejected in review, or invalidated. */
  list(uid: string, limit: number, offset: number, categories: string[]): MemoryRow[] {
    return this.listStatement('*', categories.length).all(uid, ...categories, limit, offset) as MemoryRow[];
  }

  /** The same list as one JSON array text, built from the stored wire form of each row. */
  listJson(uid: string, limit: number, offset: number, categories: string[], enforceLocks: boolean): string {
    const rows = this.listStatement('wire_json, is_locked', categories.length)
      .raw(true)
      .all(uid, ...categories, limit, offset) as [string, number][];
    const parts = rows.map(([json, locked]) => {
      if (!locked || !enforceLocks) return json;
      const memory = JSON.parse(json) as DeveloperMemory;
      return JSON.stringify({ ...memory, content: lockedPreview(memory.content) });
    });
    return `[${parts.join(',')}]`;
  }

  visible(uid: string): MemoryRow[] {
    return this.list(uid, -1, 0, []);
  }

  update(
    uid: string,
    id: string,
    fields: Partial<Pick<MemoryRow, 'content' | 'visibility' | 'tags' | 'category' | 'edited'>>,
    now: Date,
  ): void {
    const current = this.get(uid, id);
    if (!current) return;
    const next: MemoryRow = { ...current, ...fields, updated_at: now.toISOString() };
    next.wire_json = wireJson(next);
    this.db
      .prepare(
        `UPDATE memories SET content = @content, visibility = @visibility, tags = @tags, category = @category,
         edited = @edited, updated_at = @updated_at, wire_json = @wire_json WHERE uid = @uid AND id = @id`,
      )
      .run(next);
  }

  delete(uid: string, id: string): void {
    this.remove.run(uid, id);
  }

  setLocked(uid: string, id: string, locked: boolean): boolean {
    return (
      this.db
        .prepare('UPDATE memories SET is_locked = ? WHERE uid = ? AND id = ?')
        .run(locked ? 1 : 0, uid, id).changes > 0
    );
  }
}

export type { MemoryRow };

/** What a free plan shows of a locked memory: 70 characters and `...`. */
function lockedPreview(content: string): string {
  return content.length > LOCKED_PREVIEW ? `${content.slice(0, LOCKED_PREVIEW)}...` : content;
}

function wireJson(row: MemoryRow, tags?: string[]): string {
  const memory = toDeveloperMemory(row, false, tags);
  memory.created_at = pydanticDatetime(row.created_at);
  memory.updated_at = pydanticDatetime(row.updated_at);
  return JSON.stringify(memory);
}

/** The stored row as the Developer API shows it. */
export function toDeveloperMemory(
  row: MemoryRow,
  enforceLocks: boolean,
  tags: string[] = JSON.parse(row.tags) as string[],
): DeveloperMemory {
  const content = enforceLocks && row.is_locked ? lockedPreview(row.content) : row.content;
  return {
    id: row.id,
    content,
    category: row.category as MemoryCategory,
    visibility: row.visibility === 'public' ? 'public' : 'private',
    tags,
    created_at: row.created_at,
    updated_at: row.updated_at,
    manually_added: row.manually_added === 1,
    reviewed: row.reviewed === 1,
    user_review: row.user_review === null ? null : row.user_review === 1,
    edited: row.edited === 1,
    scoring: row.scoring,
  };
}

/**
 * `toCreatedMemory` as JSON text, cut from the stored wire form: that form ends with the four
 * fields the create reply blanks (`toDeveloperMemory` fixes the key order), and `,"reviewed":`
 * cannot occur earlier in it, since quotes inside strings are escaped.
 */
export function createdMemoryJson(row: MemoryRow): string {
  const cut = row.wire_json.lastIndexOf(',"reviewed":');
  return `${row.wire_json.slice(0, cut)},"reviewed":false,"user_review":null,"edited":false,"scoring":null}`;
}

/** The newest create/batch responses leave out the stored review fields and the score. */
export function toCreatedMemory(row: MemoryRow): DeveloperMemory {
  return {
    ...toDeveloperMemory(row, false),
    reviewed: false,
    user_review: null,
    edited: false,
    scoring: null,
  };
}
