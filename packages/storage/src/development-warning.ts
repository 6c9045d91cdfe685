import type { Logger } from './logger.js';

const warned = new WeakSet<Logger>();

/** Like Slack's memory stores: say once, per logger, that nothing here survives a restart. */
export function warnDevelopmentOnly(logger: Logger): void {
  if (warned.has(logger)) return;
  warned.add(logger);
  logger.warn(
    '@omi-kit/storage: the memory adapter keeps data in this process only and loses it on restart; ' +
      'it is meant for development and tests. Leave STORAGE_URL unset (SQLite in ./data/omi-plugin.db) ' +
      'or set it to sqlite:./path/to/file.db for anything that must survive a restart.',
  );
}
