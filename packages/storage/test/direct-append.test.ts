import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIRECT_BLOCK, DirectAppender, openDirect } from '../src/sqlite/direct-append.js';

const dir = mkdtempSync(join(tmpdir(), 'omi-storage-direct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const DISK_FILE_SYSTEMS = new Set([0xef53, 0x58465342, 0x9123683e]);
const onDiskFileSystem = process.platform === 'linux' && DISK_FILE_SYSTEMS.has(statfsSync(dir).type);

/** Distinct bytes, so a misplaced chunk shows. */
function bytes(length: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed * 7 + 1) % 251));
}

describe('DirectAppender', () => {
  // Through O_DIRECT where the file system takes it (ext4 here), else through the page cache.
  const open = (file: string) => openDirect(file) ?? openSync(file, 'w+');

  it('writes buffers back to back across chunks, pads the end to a block, and says how far it wrote', async () => {
    const file = join(dir, `${++files}.seg`);
    const fd = open(file);
    try {
      const appender = new DirectAppender(8192);
      const first = [bytes(20_000, 1), bytes(100, 2), bytes(5_000, 3)];
      const written = await appender.write(fd, first, 0);
      expect(written).toBe(28_672); // 25,100 bytes padded to 7 blocks
      const second = [bytes(4096, 4)];
      expect(await appender.write(fd, second, written)).toBe(4096);
      const expected = Buffer.concat([...first, Buffer.alloc(written - 25_100), ...second]);
      expect(readFileSync(file).equals(expected)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses a position or chunk size that is not a whole number of blocks, and a second write at once', async () => {
    const file = join(dir, `${++files}.seg`);
    const fd = open(file);
    try {
      const appender = new DirectAppender();
      await expect(appender.write(fd, [bytes(10, 1)], 100)).rejects.toThrow(
        /must start at a multiple of 4096, not 100/,
      );
      const first = appender.write(fd, [bytes(10, 1)], 0);
      await expect(appender.write(fd, [bytes(10, 2)], 4096)).rejects.toThrow(
        /previous write has not finished/,
      );
      expect(await first).toBe(4096);
      expect(readFileSync(file).subarray(0, 10).equals(bytes(10, 1))).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(() => new DirectAppender(DIRECT_BLOCK + 1)).toThrow(
      /chunkBytes must be a positive multiple of 4096/,
    );
  });

  it.runIf(onDiskFileSystem)('opens with O_DIRECT on a disk file system (ext4, xfs, btrfs)', () => {
    const fd = openDirect(join(dir, `${++files}.seg`));
    expect(fd).toEqual(expect.any(Number));
    closeSync(fd!);
  });
});
