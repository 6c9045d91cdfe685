import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, createSqliteStorage } from '@omi-kit/storage';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStorageContract } from './contract/describe-storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'omi-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `test-${++files}.db`);

describeStorageContract('sqlite :memory:', (options) =>
  createSqliteStorage({ ...options, filename: ':memory:' }),
);
describeStorageContract('sqlite file', (options) =>
  createSqliteStorage({ ...options, filename: freshFile() }),
);

describe('sqlite adapter', () => {
  it('keeps everything across close and reopen of the file', async () => {
    const filename = freshFile();
    const clock = createManualClock();
    const before = createSqliteStorage({ filename, clock });
    await before.kv.set('dedupe:1', true, { ttlMs: 60_000 });
    await before.jobs.enqueue('q', { n: 1 }, { id: 'kept' });
    await before.jobs.enqueue('q', { n: 2 }, { id: 'dead', maxAttempts: 1 });
    const reserved = await before.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    const dying = await before.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    if (!reserved || !dying) throw new Error('expected two jobs');
    await before.jobs.fail(dying, new Error('gone'));
    await before.tokens.save('google', 'u', { accessToken: 'a', refreshToken: 'r' });
    await before.close();

    const after = createSqliteStorage({ filename, clock });
    expect(await after.kv.get('dedupe:1')).toBe(true);
    expect(await after.kv.setIfAbsent('dedupe:1', true)).toBe(false);
    expect(await after.jobs.getJob('q', 'kept')).toMatchObject({ state: 'reserved', attempts: 1 });
    expect(await after.jobs.listDead('q')).toEqual([
      expect.objectContaining({ id: 'dead', lastError: 'Error: gone' }),
    ]);
    await after.jobs.ack(reserved);
    expect(await after.tokens.get('google', 'u')).toMatchObject({ accessToken: 'a', refreshToken: 'r' });
    clock.advance(60_000);
    expect(await after.kv.get('dedupe:1')).toBeUndefined();
    await after.close();
  });

  it('opens the file in WAL mode and creates missing directories', async () => {
    const filename = join(dir, 'nested', 'deeper', 'plugin.db');
    const storage = createSqliteStorage({ filename });
    expect(storage.location).toBe(filename);
    await storage.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('looks up ready jobs through the partial index', async () => {
    const filename = freshFile();
    await createSqliteStorage({ filename }).close();
    const raw = new Database(filename);
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM omi_kit_jobs WHERE queue = 'q' AND state != 'dead'
         AND available_at <= 0 ORDER BY available_at, seq LIMIT 1`,
      )
      .all() as { detail: string }[];
    raw.close();
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX omi_kit_jobs_ready/);
  });

  it('shares one file between two connections: one dedupe winner, no job reserved twice', async () => {
    const filename = freshFile();
    const clock = createManualClock();
    const a = createSqliteStorage({ filename, clock });
    const b = createSqliteStorage({ filename, clock });
    expect(await a.kv.setIfAbsent('delivery', 'a')).toBe(true);
    expect(await b.kv.setIfAbsent('delivery', 'b')).toBe(false);
    for (let n = 0; n < 40; n++) await a.jobs.enqueue('q', { n });
    const seen: string[] = [];
    for (;;) {
      const [x, y] = await Promise.all([
        a.jobs.reserve('q', { visibilityTimeoutMs: 60_000 }),
        b.jobs.reserve('q', { visibilityTimeoutMs: 60_000 }),
      ]);
      if (!x && !y) break;
      for (const job of [x, y]) if (job) seen.push(job.id);
    }
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a file written by a newer schema', async () => {
    const filename = freshFile();
    await createSqliteStorage({ filename }).close();
    const raw = new Database(filename);
    raw.prepare("UPDATE omi_kit_meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    expect(() => createSqliteStorage({ filename })).toThrow(
      expect.objectContaining({ code: 'ERR_STORAGE_SCHEMA_TOO_NEW' }),
    );
  });
});
