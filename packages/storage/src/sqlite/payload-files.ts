import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { DirectAppender, openDirect } from './direct-append.js';

/** Where a payload kept in a payload file is: its file (segment), offset and length. */
export interface PayloadLocation {
  segment: number;
  offset: number;
  length: number;
}

export interface PayloadFilesOptions {
  clock: Clock;
  /** A segment takes no more payloads once it holds this many bytes (default 64 MiB). */
  rollBytes?: number;
  /** …or once it is this old (default 10 minutes), so a quiet process's segment can be deleted. */
  rollAfterMs?: number;
  /**
   * An unsealed segment older than this belongs to a process that stopped without sealing it (it
   * crashed): once nothing refers to it, it is deleted (default 1 hour, well past `rollAfterMs`).
   */
  abandonedAfterMs?: number;
  /**
   * Write segments with `O_DIRECT`, around the page cache (default true; see DirectAppender). Where
   * the platform or file system has no direct I/O, writes go through the page cache whatever this says.
   */
  directWrites?: boolean;
}

/** A payload that cannot be read back as it was written; the message says why and what to do. */
export class PayloadUnreadable extends Error {}

/** The directory of a database file's payload files: beside it, like its `-wal` file. */
export function payloadDirectory(filename: string): string {
  return `${filename}-payloads`;
}

/**
 * fdatasync every payload file in the directory: before a checkpoint that runs on the main thread
 * (the writer's WAL restart, the final one at close), so rows never reach the database file ahead of
 * the payloads they point to. The checkpointer's worker does the same before each of its checkpoints.
 */
export function syncPayloadFiles(directory: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.seg')) continue;
    let fd: number | undefined;
    try {
      fd = openSync(join(directory, name), 'r');
      fdatasyncSync(fd);
    } catch {
      // Collected meanwhile.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

function segmentFile(directory: string, segment: number): string {
  return join(directory, `${String(segment).padStart(10, '0')}.seg`);
}

/**
 * Large job payloads (webhook bodies) kept in append-only files beside the database instead of in
 * it. In the database a 20 KB body is written twice, into the WAL and again by the checkpoint that
 * copies the WAL into the file, plus page headers and overflow chains; here it is written once, in
 * one `writev` with the other payloads of the same group commit, and the database keeps only where
 * it is. The bytes are written before the transaction that refers to them commits, so a
 * reader that sees the row can read the bytes.
 *
 * Each process appends to a segment of its own (numbered by the database, so processes sharing the
 * file never collide) and moves to a new one at 64 MiB or after 10 minutes. A segment that is
 * sealed (or abandoned by a dead process) and no longer referred to by any job is deleted. A job
 * that ends in the dead letters gets its payload copied back into the database (so one stuck job
 * does not keep a whole segment), which is also where a job whose payload cannot be read back is
 * put, with the reason.
 *
 * Durability: the checkpointer syncs every segment that grew before each checkpoint (see
 * WalCheckpointer), so a job that reaches the database file has its payload on disk (one committed
 * in the instant between that sync and the checkpoint is covered by the next sync, 200 ms on). A
 * process crash loses nothing (the bytes are with the disk, or in the page cache). An OS crash or
 * power cut may lose the last payloads written (a direct write can still sit in the disk's own
 * cache), like the last transactions of `synchronous = NORMAL`; if it loses a payload but not its
 * row, the job is dead-lettered when reserved, with a message that says so.
 */
export class PayloadFiles {
  readonly directory: string;
  readonly #clock: Clock;
  readonly #rollBytes: number;
  readonly #rollAfterMs: number;
  readonly #abandonedAfterMs: number;
  readonly #newSegment: Statement<[createdAt: number], { id: number }>;
  readonly #seal: Statement<[sealedAt: number, id: number]>;
  readonly #collectable: Statement<[abandonedBefore: number], { id: number }>;
  readonly #forget: Statement<[id: number]>;
  readonly #known: Statement<[], { id: number }>;
  readonly #db: Database;
  /** This process's open segment; `direct` when its descriptor was opened with O_DIRECT. */
  #current: Segment | undefined;
  /** Until a file system refuses it. */
  #directWrites: boolean;
  readonly #appender = new DirectAppender();
  /** A direct append is being written. */
  #writing = false;
  /** Read descriptors of other processes' (and sealed) segments. */
  readonly #readers = new Map<number, number>();

  constructor(db: Database, directory: string, options: PayloadFilesOptions) {
    this.#db = db;
    this.directory = directory;
    this.#clock = options.clock;
    this.#rollBytes = options.rollBytes ?? 64 * 1024 * 1024;
    this.#rollAfterMs = options.rollAfterMs ?? 10 * 60_000;
    this.#abandonedAfterMs = options.abandonedAfterMs ?? 60 * 60_000;
    this.#directWrites = options.directWrites ?? true;
    this.#newSegment = db.prepare(
      'INSERT INTO omi_kit_payload_segments (created_at) VALUES (?) RETURNING id',
    ) as Statement<[number], { id: number }>;
    this.#seal = db.prepare('UPDATE omi_kit_payload_segments SET sealed_at = ? WHERE id = ?');
    this.#collectable = db.prepare(
      `SELECT id FROM omi_kit_payload_segments AS s
       WHERE (sealed_at IS NOT NULL OR created_at < ?)
         AND NOT EXISTS (SELECT 1 FROM omi_kit_jobs AS j WHERE j.payload_segment = s.id)`,
    );
    this.#forget = db.prepare('DELETE FROM omi_kit_payload_segments WHERE id = ?');
    this.#known = db.prepare('SELECT id FROM omi_kit_payload_segments');
  }

  /**
   * Append the payloads to this process's segment, in one write; returns where each will be, and,
   * for a direct write (which runs off the event loop), the promise of its end: nothing may refer
   * to the bytes before it resolves, and the next append must wait for it. Throws, or rejects, if
   * the write fails (a full disk): nothing refers to the bytes yet, so nothing is lost but the
   * enqueues, which fail.
   */
  append(payloads: Buffer[]): { locations: PayloadLocation[]; written: Promise<void> | undefined } {
    if (this.#writing) throw new Error('PayloadFiles.append: the previous append is still being written');
    const segment = this.#writable();
    const locations: PayloadLocation[] = [];
    const start = segment.size;
    let end = start;
    for (const payload of payloads) {
      locations.push({ segment: segment.id, offset: end, length: payload.length });
      end += payload.length;
    }
    if (!segment.direct) {
      this.#writeThroughCache(segment, payloads, end);
      return { locations, written: undefined };
    }
    this.#writing = true;
    const written = this.#appender
      .write(segment.fd, payloads, start)
      // Padded to a whole block: the next append starts on one.
      .then(
        (length) => {
          segment.size = start + length;
        },
        (error: NodeJS.ErrnoException) => {
          // A file system that took O_DIRECT at open but not the write: through the page cache from now on.
          if (error.code !== 'EINVAL') throw error;
          this.#directWrites = false;
          closeSync(segment.fd);
          segment.fd = openSync(this.fileOf(segment.id), 'r+');
          segment.direct = false;
          this.#writeThroughCache(segment, payloads, end);
        },
      )
      .finally(() => {
        this.#writing = false;
      });
    return { locations, written };
  }

  #writeThroughCache(segment: Segment, payloads: Buffer[], end: number): void {
    let written = 0;
    let pending: Buffer[] = payloads;
    const total = end - segment.size;
    while (written < total) {
      const count = writevSync(segment.fd, pending, segment.size + written);
      written += count;
      if (written < total) pending = remaining(payloads, written);
    }
    segment.size = end;
  }

  /** The file of a segment. */
  fileOf(segment: number): string {
    return segmentFile(this.directory, segment);
  }

  /**
   * The payload's bytes, or PayloadUnreadable saying why they cannot be had. What a crash can do to
   * an append-only file is cut it short or leave zeros; the reader's JSON.parse catches the zeros
   * (no JSON holds a NUL byte), so no checksum is kept: a CRC-32 cost 4 µs per 20 KB enqueue.
   */
  read(location: PayloadLocation): Buffer {
    const file = segmentFile(this.directory, location.segment);
    let fd: number;
    try {
      // A direct descriptor reads only whole aligned blocks; the page cache sees what it wrote.
      const current = this.#current;
      fd =
        current?.id === location.segment && !current.direct
          ? current.fd
          : this.#reader(location.segment, file);
    } catch (error) {
      throw new PayloadUnreadable(
        `its payload file ${file} cannot be opened (${(error as NodeJS.ErrnoException).code ?? error}): ` +
          `payload files live in the "${payloadDirectory('<database>')}" directory beside the database ` +
          'and must be copied or moved with it.',
      );
    }
    const bytes = Buffer.allocUnsafe(location.length);
    let got = 0;
    while (got < location.length) {
      const count = readSync(fd, bytes, got, location.length - got, location.offset + got);
      if (count === 0) break;
      got += count;
    }
    if (got < location.length) {
      throw new PayloadUnreadable(
        `its payload file ${file} ends before the payload does (${got} of ${location.length} bytes at ` +
          `offset ${location.offset}): the file was cut short, most likely by an OS crash or power ` +
          'loss soon after the job was enqueued.',
      );
    }
    return bytes;
  }

  /**
   * Delete the segments nobody refers to any more: sealed ones, and unsealed ones old enough that
   * their process must be gone. Then any file in the directory the database does not know of (a
   * crash between the two steps), and the read descriptors of segments another process deleted
   * (an open descriptor would keep the deleted file's disk space). Returns how many segments went.
   */
  collect(): number {
    const abandonedBefore = this.#clock.now() - this.#abandonedAfterMs;
    const ids = this.#db
      .transaction(() => {
        const found = this.#collectable.all(abandonedBefore).map((row) => row.id);
        for (const id of found) if (id !== this.#current?.id) this.#forget.run(id);
        return found.filter((id) => id !== this.#current?.id);
      })
      .immediate();
    for (const id of ids) this.#remove(id);
    const known = this.#removeStrays();
    for (const [segment, fd] of this.#readers) {
      if (known.has(segment)) continue;
      closeSync(fd);
      this.#readers.delete(segment);
    }
    return ids.length;
  }

  /**
   * Seal this process's segment, delete the segments no job refers to (this one too, when its jobs
   * are done) and close every file.
   */
  close(): void {
    const current = this.#current;
    try {
      if (current && this.#db.open) {
        fdatasyncSync(current.fd);
        this.#seal.run(this.#clock.now(), current.id);
        this.#current = undefined;
        closeSync(current.fd);
      }
      if (this.#db.open) this.collect();
    } finally {
      if (this.#current) closeSync(this.#current.fd);
      this.#current = undefined;
      for (const fd of this.#readers.values()) closeSync(fd);
      this.#readers.clear();
    }
  }

  #writable(): Segment {
    const now = this.#clock.now();
    const current = this.#current;
    if (current && current.size < this.#rollBytes && now - current.createdAt < this.#rollAfterMs)
      return current;
    mkdirSync(this.directory, { recursive: true });
    const next = this.#db
      .transaction(() => {
        if (current) this.#seal.run(now, current.id);
        return this.#newSegment.get(now)!.id;
      })
      .immediate();
    // Both truncate: a file left with this number by an earlier database at this path is not read.
    const file = segmentFile(this.directory, next);
    let fd = this.#directWrites ? openDirect(file) : undefined;
    const direct = fd !== undefined;
    if (!direct) {
      this.#directWrites = false;
      fd = openSync(file, 'w+');
    }
    // Its payloads are read through a read descriptor from now on; the checkpointer syncs it.
    if (current) closeSync(current.fd);
    this.#current = { id: next, fd: fd!, size: 0, createdAt: now, direct };
    return this.#current;
  }

  #reader(segment: number, file: string): number {
    let fd = this.#readers.get(segment);
    if (fd === undefined) {
      fd = openSync(file, 'r');
      // A handful of segments are live at a time; past that, the oldest descriptor goes.
      if (this.#readers.size >= 32) {
        const [oldest, oldFd] = this.#readers.entries().next().value as [number, number];
        closeSync(oldFd);
        this.#readers.delete(oldest);
      }
      this.#readers.set(segment, fd);
    }
    return fd;
  }

  #remove(segment: number): void {
    const fd = this.#readers.get(segment);
    if (fd !== undefined) {
      closeSync(fd);
      this.#readers.delete(segment);
    }
    try {
      unlinkSync(segmentFile(this.directory, segment));
    } catch {
      // Already gone (another process collected it too).
    }
  }

  /**
   * Files in the directory that no segment row names: left by a crash between a collect's commit
   * and its unlink, or by an earlier database at this path. A segment's row is committed before
   * its file is created and the directory is listed before the rows are read, so a file being
   * created meanwhile always has its row in the set.
   */
  #removeStrays(): Set<number> {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      names = [];
    }
    const known = new Set(this.#known.all().map((row) => row.id));
    for (const name of names) {
      const match = /^(\d+)\.seg$/.exec(name);
      if (!match || known.has(Number(match[1]))) continue;
      try {
        unlinkSync(join(this.directory, name));
      } catch {
        // Gone meanwhile.
      }
    }
    return known;
  }
}

interface Segment {
  id: number;
  fd: number;
  size: number;
  createdAt: number;
  direct: boolean;
}

/** The buffers still to write after the first `written` bytes of `buffers` went out. */
function remaining(buffers: Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = written;
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}
