import { describe, expect, it } from 'vitest';
import { toPydanticJson } from '../src/pydantic-json.js';
import { openDatabase } from '../src/store/database.js';
import { GroupCommit } from '../src/store/group-commit.js';
import { createdMemoryJson, newMemoryRow, toCreatedMemory } from '../src/store/memories.js';
import { useEmulator } from './support/harness.js';

function notesTable() {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
  const insert = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
  const texts = () => (db.prepare('SELECT text FROM notes ORDER BY id').pluck().all() as string[]).sort();
  let transactions = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const run = transaction(fn);
    return Object.assign((...args: unknown[]) => {
      transactions += 1;
      return run(...args);
    }, run);
  }) as typeof db.transaction;
  return { db, insert, texts, transactions: () => transactions };
}

describe('GroupCommit', () => {
  it('commits the writes of one event-loop turn in one transaction, each with its own result', async () => {
    const { db, insert, texts, transactions } = notesTable();
    const writes = new GroupCommit(db);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((text) => writes.run(() => insert.run(text).lastInsertRowid)),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(transactions()).toBe(1);
    expect(texts()).toEqual(['a', 'b', 'c']);
    await writes.run(() => insert.run('d'));
    expect(transactions()).toBe(2);
  });

  it('settles a caller only after the commit: what it wrote is readable when its promise resolves', async () => {
    const { db, insert } = notesTable();
    const writes = new GroupCommit(db);
    const written = writes.run(() => insert.run('later'));
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    await written;
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT text FROM notes').pluck().get()).toBe('later');
  });

  it('fails only the write that failed when a shared transaction cannot commit', async () => {
    const { db, insert, texts } = notesTable();
    insert.run('taken');
    const writes = new GroupCommit(db);
    const outcomes = await Promise.allSettled([
      writes.run(() => insert.run('first')),
      writes.run(() => insert.run('taken')),
      writes.run(() => {
        insert.run('half');
        throw new Error('handler bug after a write');
      }),
      writes.run(() => insert.run('last')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/handler bug/);
    // The failed writes left nothing behind, not even the half of one.
    expect(texts()).toEqual(['first', 'last', 'taken']);
  });

  it('flush() commits what waits at once (the emulator calls it before closing the database)', async () => {
    const { db, insert, texts } = notesTable();
    const writes = new GroupCommit(db);
    const written = writes.run(() => insert.run('on close'));
    writes.flush();
    expect(texts()).toEqual(['on close']);
    await written;
  });
});

describe('the create reply cut from the stored wire form', () => {
  const tricky = [
    'Alex wrote ,"reviewed":true,"scoring":"x"} in a note',
    'Quotes " and backslashes \\ and a newline\nand "reviewed": false',
    'Unicode: Zoë, 東京, emoji 🎧, and U+2028 \u2028 inside',
  ];
  for (const content of tricky) {
    it(`equals the serialised created memory for ${JSON.stringify(content.slice(0, 30))}`, () => {
      for (const manuallyAdded of [true, false]) {
        const row = newMemoryRow('uid-1', {
          content,
          category: 'interesting',
          visibility: 'public',
          tags: ['a', 'b "c"'],
          manuallyAdded,
          now: new Date('2030-03-01T09:00:00.120Z'),
        });
        expect(createdMemoryJson(row)).toBe(toPydanticJson(toCreatedMemory(row)));
        expect(JSON.parse(createdMemoryJson(row)).content).toBe(content);
      }
    });
  }
});

describe('POST /v1/dev/user/memories under concurrency', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });

  it('answers every concurrent create, and each answered memory is in the list', async () => {
    const key = await omi.key(undefined, 'concurrent-user');
    const contents = Array.from({ length: 60 }, (_, i) => `Concurrent fact ${i}: "quoted", ,"reviewed":true`);
    const replies = await Promise.all(
      contents.map((content) => omi.post('/v1/dev/user/memories', { key, json: { content } })),
    );
    expect(replies.map((r) => r.status)).toEqual(contents.map(() => 200));
    expect(replies.map((r) => r.body.content)).toEqual(contents);
    for (const r of replies)
      expect(r.body).toMatchObject({ reviewed: false, user_review: null, scoring: null });
    const list = await omi.get('/v1/dev/user/memories', { key, query: { limit: 1000 } });
    const listed = new Map((list.body as { id: string; content: string }[]).map((m) => [m.id, m.content]));
    for (const r of replies) expect(listed.get(r.body.id)).toBe(r.body.content);
  });
});

describe('a full database', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });

  it('answers 507 with what to do, and keeps what was written before', async () => {
    const key = await omi.key(undefined, 'full-user');
    const db = omi.emulator.state.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 8}`);
    const statuses: number[] = [];
    const replies = [];
    for (let i = 0; i < 400 && !statuses.includes(507); i++) {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: `Fact ${i}: ${'a detail '.repeat(40)}` },
      });
      statuses.push(r.status);
      replies.push(r);
    }
    db.pragma('max_page_count = 1073741823');
    expect(statuses.at(-1)).toBe(507);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThan(1);
    expect(replies.at(-1)!.body.detail).toMatch(/in-memory database is full.*--db FILE/);
    const list = await omi.get('/v1/dev/user/memories', { key, query: { limit: 1000 } });
    expect((list.body as { id: string }[]).map((m) => m.id).sort()).toEqual(
      replies
        .slice(0, -1)
        .map((r) => r.body.id as string)
        .sort(),
    );
  });
});
