import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, createSqliteStorage, rawJson } from '@omi-kit/storage';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteConnection } from '../src/sqlite/sqlite-connection.js';
import { type CheckpointReport, WalCheckpointer } from '../src/sqlite/wal-checkpointer.js';
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

describe('sqlite adapter: writes and checkpoints', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const payload = (n: number) => ({ n, text: 'é'.repeat(2_000) });
  /** Jobs in a database file read on its own (0 while even the table is only in the WAL). */
  const countJobsIn = (file: string) => {
    const alone = new Database(file, { readonly: true });
    try {
      return (alone.prepare('SELECT count(*) AS c FROM omi_kit_jobs').get() as { c: number }).c;
    } catch {
      return 0;
    } finally {
      alone.close();
    }
  };

  it('stores rawJson bytes as a BLOB, verbatim', async () => {
    const filename = freshFile();
    const storage = createSqliteStorage({ filename });
    const body = Buffer.from('{"id":"c1","note":"naïve"}');
    await storage.jobs.enqueue('q', rawJson(body), { id: 'raw' });
    await storage.close();
    const raw = new Database(filename, { readonly: true });
    const row = raw
      .prepare(
        `SELECT typeof(p.payload) AS type, p.payload FROM omi_kit_jobs AS j
         JOIN omi_kit_job_payloads AS p ON p.seq = j.seq WHERE j.id = 'raw'`,
      )
      .get() as {
      type: string;
      payload: Buffer;
    };
    raw.close();
    expect(row.type).toBe('blob');
    expect(row.payload.equals(body)).toBe(true);
  });

  it('keeps payloads in their own table: reserving a job does not write its payload again', async () => {
    const filename = freshFile();
    const storage = createSqliteStorage({ filename, checkpoint: 'automatic' });
    const walBytes = () => statSync(`${filename}-wal`).size;
    await storage.jobs.enqueue('q', rawJson(JSON.stringify({ text: 'x'.repeat(300_000) })), { id: 'big' });
    const afterEnqueue = walBytes();
    expect(afterEnqueue).toBeGreaterThan(300_000);
    const job = await storage.jobs.reserve('q', { visibilityTimeoutMs: 60_000 });
    expect((job?.payload as { text: string } | undefined)?.text).toHaveLength(300_000);
    // The reservation changes the job's small row only (a few pages), not the 300 KB payload.
    expect(walBytes() - afterEnqueue).toBeLessThan(50_000);
    await storage.jobs.ack(job!);
    await storage.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS c FROM omi_kit_job_payloads').get()).toEqual({ c: 0 });
    raw.close();
  });

  it('upgrades a version 1 file: queued jobs keep their payloads and still run', async () => {
    const filename = freshFile();
    const v1 = new Database(filename);
    v1.exec(`
      CREATE TABLE omi_kit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO omi_kit_meta (key, value) VALUES ('schema_version', '1');
      CREATE TABLE omi_kit_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
      CREATE TABLE omi_kit_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'reserved', 'dead')), attempts INTEGER NOT NULL,
        max_attempts INTEGER NOT NULL, available_at INTEGER NOT NULL, enqueued_at INTEGER NOT NULL,
        token TEXT, worker_id TEXT, last_error TEXT, dead_at INTEGER, UNIQUE (queue, id));
      CREATE INDEX omi_kit_jobs_ready ON omi_kit_jobs (queue, available_at, seq) WHERE state != 'dead';
      CREATE INDEX omi_kit_jobs_dead ON omi_kit_jobs (queue, dead_at, seq) WHERE state = 'dead';
      CREATE TABLE omi_kit_tokens (provider TEXT NOT NULL, uid TEXT NOT NULL, access_token TEXT,
        refresh_token TEXT, expires_at INTEGER, scope TEXT, token_type TEXT, sealed TEXT, extra TEXT,
        updated_at INTEGER NOT NULL, PRIMARY KEY (provider, uid)) WITHOUT ROWID;
    `);
    const insert = v1.prepare(
      `INSERT INTO omi_kit_jobs (queue, id, payload, state, attempts, max_attempts, available_at, enqueued_at)
       VALUES ('q', ?, ?, ?, 0, 5, 0, 0)`,
    );
    insert.run('text', JSON.stringify({ n: 1, note: 'naïve' }), 'queued');
    insert.run('bytes', Buffer.from('{"n":2}'), 'queued');
    insert.run('gone', JSON.stringify({ n: 3 }), 'dead');
    v1.close();

    const storage = createSqliteStorage({ filename });
    const first = await storage.jobs.reserve('q', { visibilityTimeoutMs: 60_000 });
    const second = await storage.jobs.reserve('q', { visibilityTimeoutMs: 60_000 });
    expect([first?.payload, second?.payload]).toEqual([{ n: 1, note: 'naïve' }, { n: 2 }]);
    expect((await storage.jobs.listDead('q')).map((j) => j.payload)).toEqual([{ n: 3 }]);
    await storage.jobs.ack(first!);
    await storage.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.prepare("SELECT value FROM omi_kit_meta WHERE key = 'schema_version'").get()).toEqual({
      value: '3',
    });
    const columns = (raw.prepare('PRAGMA table_info(omi_kit_jobs)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).not.toContain('payload');
    expect(raw.prepare('SELECT count(*) AS c FROM omi_kit_job_payloads').get()).toEqual({ c: 2 });
    raw.close();
  });

  it('copies the WAL into the database file from a worker thread, not in the writes', async () => {
    const filename = freshFile();
    const storage = createSqliteStorage({ filename });
    const raw = new Database(filename);
    // The writer's own connection never checkpoints: its threshold is off.
    for (let n = 0; n < 200; n++) await storage.jobs.enqueue('q', payload(n));
    expect(statSync(`${filename}-wal`).size).toBeGreaterThan(1_000_000);
    // Within a few checkpoint intervals the jobs are in the database file itself: a copy of that
    // file alone (no WAL next to it) holds them.
    const copy = `${filename}.copy`;
    let count = 0;
    for (let i = 0; i < 150 && count < 200; i++) {
      await sleep(100);
      copyFileSync(filename, copy);
      count = countJobsIn(copy);
    }
    expect(count).toBe(200);
    raw.close();
    await storage.close();
  });

  it('with checkpoint: "automatic", leaves checkpoints to SQLite; other values are refused', async () => {
    const filename = freshFile();
    const storage = createSqliteStorage({ filename, checkpoint: 'automatic' });
    for (let n = 0; n < 5; n++) await storage.jobs.enqueue('q', payload(n));
    await sleep(400);
    copyFileSync(filename, `${filename}.copy`);
    // Five small jobs stay below SQLite's 1000-page threshold: still only in the WAL.
    expect(countJobsIn(`${filename}.copy`)).toBe(0);
    await storage.close();
    expect(() => createSqliteStorage({ filename: freshFile(), checkpoint: 'sometimes' as never })).toThrow(
      /checkpoint must be "background" or "automatic"/,
    );
  });

  it('restarts a WAL that an unbroken stream of writes keeps from starting over', async () => {
    const filename = freshFile();
    const connection = new SqliteConnection(filename, 5_000, 'background', 1_000_000);
    const db = connection.acquire();
    const insert = db.prepare('INSERT INTO omi_kit_kv (key, value) VALUES (?, ?)');
    const value = JSON.stringify('x'.repeat(20_000));
    const started = Date.now();
    let n = 0;
    // 20 KB writes a millisecond apart: a passive checkpoint never catches the last frame, so only
    // the writer's restart (past the 1 MB threshold given here) lets the WAL start over.
    while (connection.walRestarts < 2 && Date.now() - started < 15_000) {
      insert.run(`k${n++}`, value);
      await sleep(1);
    }
    const rows = (db.prepare('SELECT count(*) AS c FROM omi_kit_kv').get() as { c: number }).c;
    await connection.release();
    expect(connection.walRestarts).toBeGreaterThanOrEqual(2);
    // Nothing lost across the restarts, and every row is in the database file after the close.
    expect(rows).toBe(n);
    const alone = new Database(filename, { readonly: true });
    expect((alone.prepare('SELECT count(*) AS c FROM omi_kit_kv').get() as { c: number }).c).toBe(n);
    alone.close();
  });

  /** A WAL-mode file whose own connection never checkpoints, watched by a checkpointer. */
  const watchedFile = (options: Partial<ConstructorParameters<typeof WalCheckpointer>[1]>) => {
    const filename = freshFile();
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    const reports: CheckpointReport[] = [];
    const checkpointer = new WalCheckpointer(filename, { busyTimeoutMs: 1_000, intervalMs: 50, ...options });
    checkpointer.onCheckpoint((report) => reports.push(report));
    const write = (rows: number) => {
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < rows; i++) insert.run('x'.repeat(20_000));
      })();
    };
    const walBytes = () => statSync(`${filename}-wal`).size;
    const until = async (condition: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !condition(); i++) await sleep(50);
      if (!condition()) throw new Error(`timed out waiting until ${what}`);
    };
    const close = async () => {
      await checkpointer.stop();
      db.close();
    };
    return { write, walBytes, reports, until, close };
  };

  it('keeps a grown WAL file through short pauses, and cuts it back once writes have paused long', async () => {
    const file = watchedFile({ truncateAboveBytes: 100_000, truncateAfterQuietMs: 1_500 });
    file.write(60);
    const grown = file.walBytes();
    expect(grown).toBeGreaterThan(1_000_000);
    // Copied into the database file within a few intervals; the WAL file keeps its blocks for the
    // next burst (SQLite starts writing it over from the beginning).
    await file.until(() => file.reports.some((r) => r.log > 0 && r.checkpointed === r.log), 'copied');
    const pausedAt = Date.now();
    await sleep(300);
    expect(file.walBytes()).toBe(grown);
    await file.until(() => file.walBytes() === 0, 'the WAL file is cut back');
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(1_400);
    expect(file.reports.some((r) => r.mode === 'TRUNCATE')).toBe(true);
    await file.close();
  });

  it.runIf(process.platform === 'linux')(
    'leaves its lowest priority while it is behind, and goes back once it has caught up',
    async () => {
      const file = watchedFile({ behindPages: 20 });
      await file.until(() => file.reports.length > 0 || file.walBytes() === 0, 'started');
      file.write(60);
      await file.until(() => file.reports.some((r) => r.niceness === 0), 'a checkpoint at niceness 0');
      const behindAt = file.reports.findIndex((r) => r.niceness === 0);
      await file.until(
        () => file.reports.slice(behindAt).some((r) => r.niceness === 19),
        'a checkpoint at niceness 19',
      );
      expect(file.reports[0]?.niceness).toBe(19);
      await file.close();
    },
  );

  it('reports a checkpointer that cannot run, so the writer can fall back to SQLite checkpoints', async () => {
    const reason = await new Promise<string>((resolve) => {
      new WalCheckpointer(join(dir, 'missing', 'nothing-here.db'), {
        busyTimeoutMs: 100,
        onFailure: resolve,
      });
    });
    expect(reason).toMatch(/unable to open|does not exist|SQLITE_CANTOPEN/i);
  });
});
