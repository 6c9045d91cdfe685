import { InvalidStorageUrlError } from './errors/invalid-storage-url-error.js';
import { StorageAdapterUnavailableError } from './errors/storage-adapter-unavailable-error.js';
import { redactUrl } from './redact-url.js';

/** Where openStorage() puts the data when STORAGE_URL is unset. */
export const DEFAULT_SQLITE_FILE = './data/omi-plugin.db';

/**
 * What a storage URL names. A new backend adds a member here and a case in openStorage().
 */
export type StorageTarget = { kind: 'memory' } | { kind: 'sqlite'; filename: string };

const ACCEPTED_FORMS = [
  '  sqlite:./data/plugin.db        a SQLite file, relative to the working directory',
  '  sqlite:///abs/path/plugin.db   a SQLite file at an absolute path',
  '  sqlite::memory:                SQLite in memory, gone when the process exits',
  '  memory:                        in-process memory, for tests and development only',
].join('\n');

// Schemes of backends that exist in the architecture but not in this package yet.
const PLANNED: Record<string, string> = {
  postgres: 'PostgreSQL',
  postgresql: 'PostgreSQL',
  redis: 'Redis',
  rediss: 'Redis',
};

/**
 * Read a storage URL. Unset or blank means the default SQLite file. `source` names where the URL
 * came from (an environment variable) so that an error can point at it.
 */
export function parseStorageUrl(url: string | undefined, source = 'STORAGE_URL'): StorageTarget {
  const text = url?.trim() ?? '';
  if (text === '') return { kind: 'sqlite', filename: DEFAULT_SQLITE_FILE };
  const received = JSON.stringify(redactUrl(text));
  const invalid = (reason: string) =>
    new InvalidStorageUrlError(
      `${source} is not a storage URL this package can open: received ${received}. ${reason}\n` +
        `Accepted forms:\n${ACCEPTED_FORMS}\nLeave ${source} unset to use sqlite:${DEFAULT_SQLITE_FILE}.`,
      redactUrl(text),
    );

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) throw invalid('It has no scheme such as sqlite: or memory:.');
  const rest = text.slice(scheme.length + 1);

  if (scheme === 'memory') {
    if (rest === '' || rest === '//') return { kind: 'memory' };
    throw invalid('memory: takes nothing after the colon.');
  }
  if (scheme === 'sqlite') {
    if (rest === ':memory:' || rest === '//:memory:') return { kind: 'sqlite', filename: ':memory:' };
    if (rest.startsWith('//')) {
      if (rest.startsWith('///')) return { kind: 'sqlite', filename: rest.slice(2) };
      throw invalid(
        'After sqlite:// comes an absolute path (sqlite:///abs/path.db); for a relative path write sqlite:./path.db.',
      );
    }
    if (rest === '') throw invalid('It names no file after sqlite:.');
    return { kind: 'sqlite', filename: rest };
  }
  const planned = PLANNED[scheme];
  if (planned) {
    throw new StorageAdapterUnavailableError(
      `${source} asks for ${planned} (received ${received}), but @omi-kit/storage has no ${planned} adapter yet. ` +
        `Use SQLite for now: leave ${source} unset, or set it to sqlite:./data/plugin.db; several processes on ` +
        'one machine can share the file.',
      scheme,
    );
  }
  throw invalid(`The scheme "${scheme}:" is not one of them.`);
}
