// One server of the emulator benchmark, run in its own pinned process.
// `node server.mjs emulator` - the emulator, seeded, with 150 memories and limits out of the way;
// `node server.mjs bare FILE` - a bare Fastify app answering the same JSON as captured in FILE.
import { readFileSync } from 'node:fs';
import { createEmulator } from '@omi-kit/emulator';
import Fastify from 'fastify';

const [mode, file] = process.argv.slice(2);
if (mode === 'emulator') {
  const emulator = createEmulator({ seed: true, rateLimitBoost: 1_000_000 });
  const now = new Date();
  for (let i = 0; i < 150; i++) {
    emulator.state.memories.create(emulator.state.defaultUid, {
      content: `Benchmark memory number ${i}: Alex mentioned a detail worth remembering about project ${i % 7}`,
      category: i % 2 ? 'interesting' : 'system',
      visibility: 'private',
      tags: ['bench'],
      manuallyAdded: true,
      now: new Date(now.getTime() - i * 60_000),
    });
  }
  const url = await emulator.listen({ port: 0 });
  console.log(JSON.stringify({ url, key: emulator.createKey() }));
} else {
  const captured = JSON.parse(readFileSync(file, 'utf8'));
  const app = Fastify({ logger: false });
  app.get('/v1/dev/user/memories', async () => captured.list);
  app.post('/v1/dev/user/memories', async (request) => ({
    ...captured.created,
    content: request.body.content,
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` }));
}
