import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidStorageUrlError,
  openStorage,
  parseStorageUrl,
  StorageAdapterUnavailableError,
} from '@omi-kit/storage';
import { afterEach, describe, expect, it } from 'vitest';

describe('parseStorageUrl', () => {
  it.each([
    [undefined, { kind: 'sqlite', filename: './data/omi-plugin.db' }],
    ['', { kind: 'sqlite', filename: './data/omi-plugin.db' }],
    ['  ', { kind: 'sqlite', filename: './data/omi-plugin.db' }],
    ['sqlite:./data/plugin.db', { kind: 'sqlite', filename: './data/plugin.db' }],
    ['sqlite:data/plugin.db', { kind: 'sqlite', filename: 'data/plugin.db' }],
    ['sqlite:///abs/path.db', { kind: 'sqlite', filename: '/abs/path.db' }],
    ['sqlite:/abs/path.db', { kind: 'sqlite', filename: '/abs/path.db' }],
    ['sqlite::memory:', { kind: 'sqlite', filename: ':memory:' }],
    ['SQLITE::memory:', { kind: 'sqlite', filename: ':memory:' }],
    ['memory:', { kind: 'memory' }],
    ['memory://', { kind: 'memory' }],
  ])('%j', (url, target) => {
    expect(parseStorageUrl(url)).toEqual(target);
  });

  it('explains a bad URL: names STORAGE_URL, shows it without its password, lists the accepted forms', () => {
    const error = catchError(() => parseStorageUrl('mysql://admin:hunter2@db.internal/plugin'));
    expect(error).toBeInstanceOf(InvalidStorageUrlError);
    expect(error).toMatchObject({
      code: 'ERR_STORAGE_URL_INVALID',
      received: 'mysql://admin:***@db.internal/plugin',
    });
    expect(error.message).toContain('STORAGE_URL');
    expect(error.message).toContain('"mysql://admin:***@db.internal/plugin"');
    expect(error.message).not.toContain('hunter2');
    for (const form of [
      'sqlite:./data/plugin.db',
      'sqlite:///abs/path/plugin.db',
      'sqlite::memory:',
      'memory:',
    ]) {
      expect(error.message).toContain(form);
    }
    expect(error.message).toContain('unset');
  });

  it.each([
    ['plugin.db', /no scheme/],
    ['sqlite:', /names no file/],
    ['sqlite://data/plugin.db', /absolute path.*sqlite:\/\/\/abs.*relative path write sqlite:\.\/path\.db/],
    ['memory:extra', /nothing after the colon/],
    ['http://example.com/?token=abc', /"http:\/\/example.com\/\?token=\*\*\*"/],
  ])('rejects %j with a reason', (url, reason) => {
    const error = catchError(() => parseStorageUrl(url));
    expect(error).toMatchObject({ code: 'ERR_STORAGE_URL_INVALID' });
    expect(error.message).toMatch(reason);
  });

  it('names the variable it was given', () => {
    expect(() => parseStorageUrl('nope', 'PLUGIN_STORE')).toThrow(/PLUGIN_STORE is not a storage URL/);
  });

  it.each([
    ['postgres://app:s3cret@localhost:5432/omi', 'PostgreSQL', 'postgres'],
    ['postgresql://app:s3cret@localhost/omi', 'PostgreSQL', 'postgresql'],
    ['redis://:s3cret@localhost:6379/0', 'Redis', 'redis'],
    ['rediss://default:s3cret@cache.example.com:6380', 'Redis', 'rediss'],
  ])('says %j needs an adapter this package does not have yet', (url, backend, scheme) => {
    const error = catchError(() => parseStorageUrl(url));
    expect(error).toBeInstanceOf(StorageAdapterUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_STORAGE_ADAPTER_UNAVAILABLE', scheme });
    expect(error.message).toContain(`no ${backend} adapter yet`);
    expect(error.message).toContain('STORAGE_URL');
    expect(error.message).toContain(':***@');
    expect(error.message).not.toContain('s3cret');
  });
});

describe('openStorage', () => {
  const cwd = process.cwd();
  let dir: string | undefined;
  afterEach(() => {
    process.chdir(cwd);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('defaults to ./data/omi-plugin.db, creating the directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omi-open-'));
    process.chdir(dir);
    const storage = await openStorage(undefined);
    expect(storage.kind).toBe('sqlite');
    expect(storage.location).toBe(join(dir, 'data', 'omi-plugin.db'));
    await storage.kv.set('k', 1);
    await storage.close();
    expect(existsSync(join(dir, 'data', 'omi-plugin.db'))).toBe(true);
  });

  it('opens each accepted form', async () => {
    dir = mkdtempSync(join(tmpdir(), 'omi-open-'));
    process.chdir(dir);
    const absolute = join(dir, 'abs', 'x.db');
    for (const [url, kind, location] of [
      ['sqlite:./rel/plugin.db', 'sqlite', join(dir, 'rel', 'plugin.db')],
      [`sqlite://${absolute}`, 'sqlite', absolute],
      ['sqlite::memory:', 'sqlite', ':memory:'],
      ['memory:', 'memory', 'memory'],
    ] as const) {
      const storage = await openStorage(url, { quiet: true });
      expect({ kind: storage.kind, location: storage.location }).toEqual({ kind, location });
      expect(await storage.kv.setIfAbsent('k', url)).toBe(true);
      await storage.close();
    }
  });

  it('rejects a bad URL before touching the disk', async () => {
    await expect(openStorage('sqlite://relative.db')).rejects.toBeInstanceOf(InvalidStorageUrlError);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
