import { constants, openSync, write } from 'node:fs';

/**
 * What direct writes are aligned to: file offsets, lengths and the memory they are written from.
 * Disks ask for 512 bytes or 4 KiB; 4 KiB suits both.
 */
export const DIRECT_BLOCK = 4096;

// Off under --jitless; this package's TypeScript settings have no WebAssembly types.
const wasm = (
  globalThis as { WebAssembly?: { Memory: new (pages: { initial: number }) => { buffer: ArrayBuffer } } }
).WebAssembly;

/**
 * Open a file for writing with `O_DIRECT` (created, truncated): its writes go to the disk without
 * passing through the page cache. `undefined` where the platform has no `O_DIRECT` (macOS, Windows),
 * where WebAssembly is off (the aligned memory comes from it), or where the file system refuses it
 * (tmpfs before Linux 6.6, some network file systems): the caller writes through the page cache then.
 */
export function openDirect(file: string): number | undefined {
  const direct = constants.O_DIRECT;
  if (!direct || !wasm) return undefined;
  try {
    return openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC | direct, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
    throw error;
  }
}

/**
 * Writes buffers back to back at a block-aligned position of a file opened with {@link openDirect},
 * through staging memory that is block-aligned (a WebAssembly memory: Node's own buffers are not),
 * in chunks of at most `chunkBytes`, the last one padded with zeros to a whole block. Resolves with
 * how many bytes it wrote, padding included: the next write starts there. One write at a time (the
 * staging memory is reused).
 *
 * The writes run on libuv's thread pool: a direct write returns only once the disk has the bytes
 * (a few hundred microseconds here), which on the event loop would hold up every request.
 *
 * Why: payload files are written once and read back once, most of them never again. Through the
 * page cache every byte is copied into a newly allocated cache page, and the cache grows with every
 * payload until the kernel reclaims it; where new memory is expensive (a VM whose host takes freed
 * memory back), that copy costs several times the rest of the enqueue. Written directly, the bytes
 * go from the staging memory to the disk and the cache stays as it was. Reads go through the cache
 * as usual (a direct write drops any cached page it covers, so readers see the new bytes).
 */
export class DirectAppender {
  readonly #chunkBytes: number;
  #staging: Buffer | undefined;
  #busy = false;

  constructor(chunkBytes = 1024 * 1024) {
    if (chunkBytes % DIRECT_BLOCK !== 0 || chunkBytes <= 0)
      throw new RangeError(`chunkBytes must be a positive multiple of ${DIRECT_BLOCK}, got ${chunkBytes}`);
    this.#chunkBytes = chunkBytes;
  }

  async write(fd: number, buffers: readonly Buffer[], position: number): Promise<number> {
    if (position % DIRECT_BLOCK !== 0)
      throw new RangeError(`a direct write must start at a multiple of ${DIRECT_BLOCK}, not ${position}`);
    if (this.#busy) throw new Error('DirectAppender: the previous write has not finished');
    this.#busy = true;
    try {
      const staging = this.#memory();
      let filled = 0;
      let written = 0;
      const flush = async (last: boolean) => {
        let length = filled;
        if (last && length % DIRECT_BLOCK !== 0) {
          const padded = length + DIRECT_BLOCK - (length % DIRECT_BLOCK);
          staging.fill(0, length, padded);
          length = padded;
        }
        let done = 0;
        while (done < length)
          done += await writeAt(fd, staging, done, length - done, position + written + done);
        written += length;
        filled = 0;
      };
      for (const buffer of buffers) {
        let from = 0;
        while (from < buffer.length) {
          const count = Math.min(buffer.length - from, this.#chunkBytes - filled);
          buffer.copy(staging, filled, from, from + count);
          filled += count;
          from += count;
          if (filled === this.#chunkBytes) await flush(false);
        }
      }
      if (filled > 0) await flush(true);
      return written;
    } finally {
      this.#busy = false;
    }
  }

  #memory(): Buffer {
    if (!this.#staging) {
      // WebAssembly memory is allocated in whole pages of its own, so it starts on a page boundary.
      const memory = new wasm!.Memory({ initial: Math.ceil(this.#chunkBytes / 65536) });
      this.#staging = Buffer.from(memory.buffer, 0, this.#chunkBytes);
    }
    return this.#staging;
  }
}

function writeAt(
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, buffer, offset, length, position, (error, bytes) => (error ? reject(error) : resolve(bytes)));
  });
}
