// One server per process, pinned by bench.mjs: `plugin <db-file> <secret> [receive-only]` runs a
// real plugin (signature, validation, dedupe and durable enqueue on a SQLite file; no worker unless
// BENCH_WORKER=1, so the receive path is what is measured and jobs pile up), `bare` a Fastify
// route that parses JSON and returns {}.
// Prints {"url"} once listening. GET /_bench/memory reports memory and the queue.
import Fastify from 'fastify';

const [mode, dbFile, secret, only] = process.argv.slice(2);
const memory = () => {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
};

let app;
if (mode === 'plugin') {
  const { createPluginServer, definePlugin } = await import('@omi-kit/plugin');
  const plugin = definePlugin({
    name: 'bench',
    onConversation: () => {},
    routes: (scope) => {
      scope.get('/_bench/memory', async () => {
        globalThis.gc?.();
        return { ...memory(), queue: await app.runtime.stats() };
      });
    },
  });
  app = await createPluginServer(plugin, {
    env: {
      OMI_APP_ID: 'app_bench',
      OMI_WEBHOOK_SECRET: secret,
      STORAGE_URL: `sqlite:${dbFile}`,
      LOG_LEVEL: 'warn',
    },
    // BENCH_WORKER=1: the plugin also runs its worker (a no-op handler), as a deployed plugin does.
    worker: process.env.BENCH_WORKER && only !== 'receive-only' ? { pollIntervalMs: 50 } : false,
  });
} else {
  app = Fastify({ bodyLimit: 32 * 1024 * 1024 });
  app.post('/webhooks/conversation', async () => ({}));
  app.get('/_bench/memory', async () => memory());
}
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` }));
