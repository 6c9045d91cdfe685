import {
  closeSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, createSqliteStorage, rawJson, type Storage } from '@omi-kit/storage';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDirect } from '../src/sqlite/direct-append.js';
import { SqliteConnection } from '../src/sqlite/sqlite-connection.js';
import { SqliteJobQueue } from '../src/sqlite/sqlite-job-queue.js';
import { resolveStorageOptions } from '../src/storage-options.js';
import { describeStorageContract } from './contract/describe-storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'omi-storage-payloads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `test-${++files}.db`);
const payloadDir = (filename: string) => `${filename}-payloads`;
const segments = (filename: string) =>
  existsSync(payloadDir(filename)) ? readdirSync(payloadDir(filename)).sort() : [];

// Every payload in a payload file: the whole contract holds with them.
describeStorageContract('sqlite file, payloads in payload files', (options) =>
  createSqliteStorage({ ...options, filename: freshFile(), payloadFileMinBytes: 1 }),
);

/** A webhook-sized body: ~20 KB of JSON with non-ASCII text. */
function body(n: number, bytes = 20_000): Buffer {
  const text = `Café ☕ ${n} `.repeat(Math.ceil(bytes / 14)).slice(0, bytes);
  return Buffer.from(JSON.stringify({ n, text }));
}

/** The bytes followed by zeros up to a multiple of 4 KiB, as a direct write leaves them. */
function paddedToBlock(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.alloc((4096 - (bytes.length % 4096)) % 4096)]);
}

/** Whether the test directory takes O_DIRECT (Linux on a disk; not macOS): payload files are padded there. */
const directHere = (() => {
  const fd = openDirect(join(dir, 'probe.seg'));
  if (fd === undefined) return false;
  closeSync(fd);
  unlinkSync(join(dir, 'probe.seg'));
  return true;
})();
/** A group commit's bytes as its payload file holds them here. */
const asWritten = (bytes: Buffer) => (directHere ? paddedToBlock(bytes) : bytes);

interface PayloadRow {
  seq: number;
  payload: Buffer | string | null;
  segment: number | null;
  offset: number | null;
  length: number | null;
}

function payloadRows(filename: string): PayloadRow[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT j.seq, p.payload, j.payload_segment AS segment, j.payload_offset AS offset,
                j.payload_length AS length
         FROM omi_kit_jobs AS j LEFT JOIN omi_kit_job_payloads AS p ON p.seq = j.seq ORDER BY j.seq`,
      )
      .all() as PayloadRow[];
  } finally {
    db.close();
  }
}

describe('sqlite adapter: payload files', () => {
  const open: Storage[] = [];
  const storageOn = (filename: string, extra: Parameters<typeof createSqliteStorage>[0] | object = {}) => {
    const storage = createSqliteStorage({
      filename,
      clock: createManualClock(Date.UTC(2025, 0, 1)),
      random: () => 0.5,
      ...extra,
    });
    open.push(storage);
    return storage;
  };
  afterEach(async () => {
    for (const storage of open.splice(0)) await storage.close();
  });

  it('writes a large payload once, to a payload file, and keeps only its place in the database', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    const large = body(1);
    await storage.jobs.enqueue('q', rawJson(large), { id: 'large' });
    await storage.jobs.enqueue('q', { small: true }, { id: 'small' });

    const [largeRow, smallRow] = payloadRows(filename);
    // No payload row: the job's row says where the bytes are.
    expect(largeRow).toMatchObject({ segment: expect.any(Number), length: large.length, payload: null });
    expect(smallRow).toMatchObject({ segment: null, payload: '{"small":true}' });
    const [file] = segments(filename);
    // Written directly (O_DIRECT) where the file system allows, padded with zeros to a 4 KiB block.
    expect(readFileSync(join(payloadDir(filename), file!)).equals(asWritten(large))).toBe(true);

    const job = await storage.jobs.reserve<{ n: number; text: string }>('q', { visibilityTimeoutMs: 1_000 });
    expect(job?.payload).toEqual(JSON.parse(large.toString()));
    expect((await storage.jobs.getJob('q', 'large'))?.payload).toEqual(JSON.parse(large.toString()));
  });

  it.runIf(directHere)(
    'writes each group commit directly, from a 4 KiB block, its payloads back to back',
    async () => {
      const filename = freshFile();
      const storage = storageOn(filename);
      const group = [body(1), body(2, 9_000), body(3, 5_000)];
      // Enqueued in one tick: one group commit, one write.
      await Promise.all(group.map((bytes, i) => storage.jobs.enqueue('q', rawJson(bytes), { id: `g${i}` })));
      const later = body(4, 30_000);
      await storage.jobs.enqueue('q', rawJson(later), { id: 'later' });

      const rows = payloadRows(filename);
      const file = readFileSync(join(payloadDir(filename), segments(filename)[0]!));
      const groupBytes = Buffer.concat(group);
      expect(rows.map((row) => row.offset)).toEqual([
        0,
        group[0]!.length,
        group[0]!.length + group[1]!.length,
        paddedToBlock(groupBytes).length,
      ]);
      expect(file.equals(Buffer.concat([paddedToBlock(groupBytes), paddedToBlock(later)]))).toBe(true);
      for (const [i, bytes] of group.entries()) {
        const job = await storage.jobs.getJob<{ n: number }>('q', `g${i}`);
        expect(job?.payload).toEqual(JSON.parse(bytes.toString()));
      }
      expect((await storage.jobs.getJob('q', 'later'))?.payload).toEqual(JSON.parse(later.toString()));
    },
  );

  it.runIf(directHere)(
    'gathers enqueues made while a direct write is on the disk into the next commit; close waits for both',
    async () => {
      const filename = freshFile();
      const storage = createSqliteStorage({ filename });
      const first = storage.jobs.enqueue('q', rawJson(body(1)), { id: 'first' });
      // The first batch's write has started (it runs on the thread pool) by the next check phase.
      await new Promise((resolve) => setImmediate(resolve));
      const more = [2, 3].map((n) => storage.jobs.enqueue('q', rawJson(body(n)), { id: `more-${n}` }));
      await storage.close();
      expect((await Promise.all([first, ...more])).map((result) => result.created)).toEqual([
        true,
        true,
        true,
      ]);
      const offsets = payloadRows(filename).map((row) => row.offset);
      const second = paddedToBlock(body(1)).length;
      expect(offsets).toEqual([0, second, second + body(2).length]);
    },
  );

  it('writes through the page cache, byte for byte, with directWrites: false', async () => {
    const filename = freshFile();
    const storage = storageOn(filename, { payloadFiles: { directWrites: false } });
    const payloads = [body(1), body(2, 9_000)];
    for (const [i, bytes] of payloads.entries())
      await storage.jobs.enqueue('q', rawJson(bytes), { id: `b${i}` });
    const file = readFileSync(join(payloadDir(filename), segments(filename)[0]!));
    expect(file.equals(Buffer.concat(payloads))).toBe(true);
    const job = await storage.jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
    expect(job?.payload.n).toBe(1);
  });

  it('is read by another connection to the same file, as another process would', async () => {
    const filename = freshFile();
    const writer = storageOn(filename);
    const reader = storageOn(filename);
    const large = body(2);
    await writer.jobs.enqueue('q', rawJson(large), { id: 'shared' });
    const job = await reader.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    expect(job?.payload).toEqual(JSON.parse(large.toString()));
    await reader.jobs.ack(job!);
  });

  it('lets go of a file another process deleted, so its disk space is freed', async () => {
    const filename = freshFile();
    const writer = storageOn(filename);
    const reader = storageOn(filename, { payloadFiles: { collectIntervalMs: 10 } });
    await writer.jobs.enqueue('q', rawJson(body(1)), { id: 'read-elsewhere' });
    const job = await reader.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    await reader.jobs.ack(job!);
    const held = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).includes(`${payloadDir(filename)}/`);
        } catch {
          return false;
        }
      });
    // The writer's own descriptor and the one the reader cached.
    expect(held()).toHaveLength(2);
    await writer.close();
    expect(segments(filename)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(held()).toEqual([]);
  });

  it('moves to a new file when one is full, and deletes files once no job refers to them', async () => {
    const filename = freshFile();
    const storage = storageOn(filename, { payloadFiles: { rollBytes: 30_000, collectIntervalMs: 0 } });
    // Separate turns, so each enqueue is its own group commit and its own write.
    for (let n = 0; n < 6; n++) await storage.jobs.enqueue('q', rawJson(body(n)), { id: `j${n}` });
    expect(segments(filename)).toHaveLength(3);

    for (let n = 0; n < 6; n++) {
      const job = await storage.jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
      expect(job?.payload.n).toBe(n);
      await storage.jobs.ack(job!);
    }
    expect(segments(filename)).toHaveLength(3);
    await storage.close();
    // Closing seals the last file; all three are unreferenced and go.
    expect(segments(filename)).toEqual([]);
  });

  it('keeps a file that a waiting job still refers to', async () => {
    const filename = freshFile();
    const storage = storageOn(filename, { payloadFiles: { rollBytes: 30_000, collectIntervalMs: 0 } });
    await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'done' });
    await storage.jobs.enqueue('q', rawJson(body(2)), { id: 'waiting', delayMs: 60_000 });
    const done = await storage.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    await storage.jobs.ack(done!);
    await storage.close();
    const left = segments(filename);
    expect(left).toHaveLength(1);

    const again = storageOn(filename, { clock: createManualClock(Date.UTC(2025, 0, 2)) });
    const job = await again.jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
    expect(job?.payload.n).toBe(2);
    await again.jobs.ack(job!);
    await again.close();
    expect(segments(filename)).toEqual([]);
  });

  it('dead-letters a job whose payload file was cut short, with the reason, and goes on to the next', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'lost' });
    await storage.jobs.enqueue('q', { n: 2 }, { id: 'fine' });
    const [file] = segments(filename);
    truncateSync(join(payloadDir(filename), file!), 1_000);

    const job = await storage.jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
    expect(job?.id).toBe('fine');
    const [dead] = await storage.jobs.listDead('q');
    expect(dead).toMatchObject({ id: 'lost', state: 'dead', payload: null });
    expect(dead?.lastError).toMatch(
      /job lost was dead-lettered because its payload file .*\.seg ends before/,
    );
    expect(dead?.lastError).toMatch(/OS crash or power loss/);
  });

  it('dead-letters a job whose payload file holds zeros where its payload was, as a crash leaves it', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'damaged' });
    const file = join(payloadDir(filename), segments(filename)[0]!);
    const bytes = readFileSync(file);
    bytes.fill(0, 4_096, 8_192);
    writeFileSync(file, bytes);

    expect(await storage.jobs.reserve('q', { visibilityTimeoutMs: 1_000 })).toBeNull();
    const [dead] = await storage.jobs.listDead('q');
    expect(dead?.lastError).toMatch(/is not the JSON that was enqueued: it was lost or damaged/);
    expect(dead?.payload).toBeNull();
  });

  it('names the directory to copy when the database was moved without its payload files', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'moved' });
    await storage.close();
    rmSync(payloadDir(filename), { recursive: true });

    const moved = storageOn(filename);
    expect(await moved.jobs.reserve('q', { visibilityTimeoutMs: 1_000 })).toBeNull();
    const [dead] = await moved.jobs.listDead('q');
    expect(dead?.lastError).toMatch(/cannot be opened \(ENOENT\)/);
    expect(dead?.lastError).toMatch(/"<database>-payloads" directory beside the database/);
  });

  it('copies a dead-lettered payload back into the database, so its file can go', async () => {
    const filename = freshFile();
    const storage = storageOn(filename, { payloadFiles: { collectIntervalMs: 0 } });
    const large = body(3);
    await storage.jobs.enqueue('q', rawJson(large), { id: 'doomed', maxAttempts: 1 });
    const job = await storage.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    await storage.jobs.fail(job!, new Error('handler broke'));

    const [row] = payloadRows(filename);
    expect(row?.segment).toBeNull();
    expect(Buffer.from(row!.payload!).equals(large)).toBe(true);
    await storage.close();
    expect(segments(filename)).toEqual([]);

    const again = storageOn(filename);
    const [dead] = await again.jobs.listDead('q');
    expect(dead?.payload).toEqual(JSON.parse(large.toString()));
    expect(await again.jobs.requeueDead('q', 'doomed')).toBe(true);
    expect((await again.jobs.reserve('q', { visibilityTimeoutMs: 1_000 }))?.payload).toEqual(
      JSON.parse(large.toString()),
    );
  });

  it('deletes the file of a process that died without sealing it, once it is old and unreferenced', async () => {
    const filename = freshFile();
    const clock = createManualClock(Date.UTC(2025, 0, 1));
    // Not closed: stands for a process killed with its file open (the afterEach closes it later).
    const crashed = storageOn(filename, { clock, payloadFiles: { collectIntervalMs: 0 } });
    await crashed.jobs.enqueue('q', rawJson(body(1)), { id: 'a' });
    const survivor = storageOn(filename, { clock, payloadFiles: { collectIntervalMs: 0 } });
    const job = await survivor.jobs.reserve('q', { visibilityTimeoutMs: 1_000 });
    await survivor.jobs.ack(job!);
    await survivor.close();
    expect(segments(filename)).toHaveLength(1);

    clock.advance(61 * 60_000);
    const later = storageOn(filename, { clock, payloadFiles: { collectIntervalMs: 0 } });
    await later.close();
    expect(segments(filename)).toEqual([]);
  });

  it('deletes stray files no segment row names, and starts a reused number afresh', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    // Left by an earlier database at this path: same names as the new database's first segments.
    const stale = join(payloadDir(filename), '0000000001.seg');
    const stray = join(payloadDir(filename), '0000000099.seg');
    await import('node:fs').then(({ mkdirSync }) => mkdirSync(payloadDir(filename), { recursive: true }));
    writeFileSync(stale, 'x'.repeat(50_000));
    writeFileSync(stray, 'stale');
    const large = body(4);
    await storage.jobs.enqueue('q', rawJson(large), { id: 'new' });
    expect(readFileSync(stale).equals(asWritten(large))).toBe(true);
    await storage.close();
    expect(existsSync(stray)).toBe(false);
  });

  it('fails the enqueues, and keeps nothing half-written, when the payload file cannot be written', async () => {
    const filename = freshFile();
    const storage = storageOn(filename);
    // A file where the directory must go: mkdir fails, as a full or read-only disk would fail the write.
    writeFileSync(payloadDir(filename), 'in the way');
    const first = storage.jobs.enqueue('q', rawJson(body(1)), { id: 'one' });
    const second = storage.jobs.enqueue('q', rawJson(body(2)), { id: 'two' });
    await expect(first).rejects.toMatchObject({ code: expect.stringMatching(/EEXIST|ENOTDIR/) });
    await expect(second).rejects.toBeDefined();
    expect(await storage.jobs.stats('q')).toMatchObject({ waiting: 0 });

    rmSync(payloadDir(filename));
    expect(await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'one' })).toEqual({
      id: 'one',
      created: true,
    });
    expect((await storage.jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 }))?.payload.n).toBe(
      1,
    );
  });

  it('keeps new payloads in the database once the checkpointer has stopped, since nothing would sync a file', async () => {
    const filename = freshFile();
    const connection = new SqliteConnection(filename, 1_000);
    const jobs = new SqliteJobQueue(connection, resolveStorageOptions({}), { collectIntervalMs: 0 });
    try {
      await jobs.enqueue('q', rawJson(body(1)), { id: 'in-a-file' });
      await connection.checkpointer?.stop();
      await jobs.enqueue('q', rawJson(body(2)), { id: 'in-the-database' });
      expect(payloadRows(filename).map((row) => row.segment === null)).toEqual([false, true]);
      const first = await jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
      const second = await jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
      expect([first?.payload.n, second?.payload.n]).toEqual([1, 2]);
    } finally {
      await jobs.close();
    }
  });

  it("keeps every payload in the database with checkpoint: 'automatic' or payloadFileMinBytes: Infinity", async () => {
    for (const options of [
      { checkpoint: 'automatic' as const },
      { payloadFileMinBytes: Number.POSITIVE_INFINITY },
    ]) {
      const filename = freshFile();
      const storage = storageOn(filename, options);
      await storage.jobs.enqueue('q', rawJson(body(1)), { id: 'inline' });
      expect(payloadRows(filename)[0]?.segment).toBeNull();
      expect(segments(filename)).toEqual([]);
      await storage.close();
    }
  });

  it('rejects a payloadFileMinBytes or payloadFiles option that makes no sense, naming it', () => {
    expect(() => createSqliteStorage({ filename: freshFile(), payloadFileMinBytes: 0 })).toThrow(
      /payloadFileMinBytes must be a number of bytes >= 1, or Infinity/,
    );
    expect(() => createSqliteStorage({ filename: freshFile(), payloadFiles: { rollBytes: 1.5 } })).toThrow(
      /payloadFiles.rollBytes must be an integer >= 1/,
    );
    expect(() =>
      createSqliteStorage({
        filename: freshFile(),
        payloadFiles: { directWrites: 'yes' as unknown as boolean },
      }),
    ).toThrow(/payloadFiles.directWrites must be true or false; received "yes"/);
  });
});
