import { definePlugin } from '@omi-kit/plugin';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLogger } from '../src/lazy-child-logger.js';
import { startTestServer } from './helpers/test-server.js';

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

describe('a queued conversation delivery logs through lazy loggers', () => {
  for (const [level, children] of [
    ['warn', 0],
    ['debug', 1],
  ] as const) {
    it(`makes ${children ? 'a child logger' : 'no child logger'} at LOG_LEVEL=${level}`, async () => {
      const t = await startTestServer(definePlugin({ name: 'quiet', onConversation: () => {} }), {
        env: { LOG_LEVEL: level },
        worker: false,
      });
      try {
        const child = vi.spyOn(t.server.log, 'child');
        const r = await t.post('/webhooks/conversation?uid=u1', conversationFixture({ seed: 41 }));
        expect(r).toMatchObject({ status: 200, body: {} });
        expect((await t.server.runtime.stats()).waiting).toBe(1);
        // At warn nothing logs, so no child is made (Fastify's request lines are at info); at debug
        // the request logger and the delivery's own are made.
        expect(child.mock.calls.length > 0).toBe(children > 0);
      } finally {
        await t.close();
      }
    });
  }
});
