import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLogger } from '../src/lazy-child-logger.js';

function parentAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const app = Fastify({
    logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  });
  return { log: app.log, lines };
}

describe('request loggers are made only when used', () => {
  it('a call below the level makes no child; one at the level logs with the bindings', () => {
    const { log, lines } = parentAt('warn');
    const child = vi.spyOn(log, 'child');
    const requestLog = lazyChildLogger(log, { reqId: 'req-1' }, {});
    requestLog.info('incoming request');
    requestLog.debug({ a: 1 }, 'detail');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    requestLog.warn({ reason: 'x' }, 'refused');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([expect.objectContaining({ reqId: 'req-1', reason: 'x', msg: 'refused' })]);
    requestLog.error('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines[1]).toMatchObject({ reqId: 'req-1', msg: 'again' });
  });

  it('behaves as the real child for everything else: level, child loggers, a route logLevel', () => {
    const { log, lines } = parentAt('info');
    const requestLog = lazyChildLogger(log, { reqId: 'req-2' }, {});
    expect(requestLog.level).toBe('info');
    requestLog.child({ uid: 'u1' }).info('from a grandchild');
    expect(lines.at(-1)).toMatchObject({ reqId: 'req-2', uid: 'u1', msg: 'from a grandchild' });
    // A route's own level is the child's to apply, even below the parent's.
    const debugRoute = lazyChildLogger(log, { reqId: 'req-3' }, { level: 'debug' });
    debugRoute.debug('route debug');
    expect(lines.at(-1)).toMatchObject({ reqId: 'req-3', msg: 'route debug' });
  });

  it('nests: a lazy logger over a lazy request logger makes neither below the level', () => {
    const { log, lines } = parentAt('warn');
    const child = vi.spyOn(log, 'child');
    const delivery = lazyChildLogger(lazyChildLogger(log, { reqId: 'req-4' }, {}), { uid: 'u1' });
    delivery.info('nothing to see');
    expect(child).not.toHaveBeenCalled();
    delivery.warn('seen');
    expect(lines.at(-1)).toMatchObject({ reqId: 'req-4', uid: 'u1', msg: 'seen' });
  });
});
