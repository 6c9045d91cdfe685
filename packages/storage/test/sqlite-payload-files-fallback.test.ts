import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawJson } from '@omi-kit/storage';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteConnection } from '../src/sqlite/sqlite-connection.js';
import { SqliteJobQueue } from '../src/sqlite/sqlite-job-queue.js';
import { resolveStorageOptions } from '../src/storage-options.js';

// What a file system without direct I/O does: refuse O_DIRECT at open (as older tmpfs does), or
// take it at open and refuse the write (EINVAL).
const refuse = vi.hoisted(() => ({ open: false, write: false, writes: 0 }));
vi.mock('../src/sqlite/direct-append.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/sqlite/direct-append.js')>();
  return {
    ...actual,
    openDirect: (file: string) => (refuse.open ? undefined : actual.openDirect(file)),
    DirectAppender: class extends actual.DirectAppender {
      override async write(fd: number, buffers: readonly Buffer[], position: number): Promise<number> {
        refuse.writes++;
        if (refuse.write)
          throw Object.assign(new Error('EINVAL: invalid argument, write'), { code: 'EINVAL' });
        return super.write(fd, buffers, position);
      }
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'omi-storage-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function body(n: number, bytes = 20_000): Buffer {
  return Buffer.from(
    JSON.stringify({ n, text: `Café ☕ ${n} `.repeat(Math.ceil(bytes / 14)).slice(0, bytes) }),
  );
}

async function withQueue(run: (jobs: SqliteJobQueue, directory: string) => Promise<void>): Promise<void> {
  const filename = join(dir, `fallback-${++files}.db`);
  const connection = new SqliteConnection(filename, 1_000);
  const jobs = new SqliteJobQueue(connection, resolveStorageOptions({}), {
    collectIntervalMs: 0,
    // A new file for every payload: the fallback must last past the first file.
    payloadFiles: { rollBytes: 10_000 },
  });
  try {
    await run(jobs, `${filename}-payloads`);
  } finally {
    await jobs.close();
  }
}

const fileBytes = (directory: string) =>
  readdirSync(directory)
    .sort()
    .map((name) => readFileSync(join(directory, name)));

describe('sqlite adapter: payload files where direct writes are refused', () => {
  beforeEach(() => {
    refuse.open = false;
    refuse.write = false;
    refuse.writes = 0;
  });

  it.each([
    // Refused at open: no direct write is tried.
    { refused: 'open' as const, directWrites: 0 },
    // Refused at the first write: the segment is reopened without O_DIRECT, and so is the next one.
    { refused: 'write' as const, directWrites: 1 },
  ])(
    'writes through the page cache, byte for byte, losing nothing, when O_DIRECT is refused at $refused',
    async ({ refused, directWrites }) => {
      refuse[refused] = true;
      await withQueue(async (jobs, directory) => {
        const payloads = [body(1), body(2, 25_000)];
        for (const [i, bytes] of payloads.entries())
          await jobs.enqueue('q', rawJson(bytes), { id: `${refused}-${i}` });
        expect(refuse.writes).toBe(directWrites);
        expect(fileBytes(directory)).toEqual(payloads);
        for (const n of [1, 2]) {
          const job = await jobs.reserve<{ n: number }>('q', { visibilityTimeoutMs: 1_000 });
          expect(job?.payload.n).toBe(n);
        }
      });
    },
  );
});
