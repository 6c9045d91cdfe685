// The local server both sides of the overhead benchmark call: it answers every request with the
// same page of 25 memories, shaped as Omi sends them, as fast as node:http can.
import { createServer } from 'node:http';

const memory = (i) => ({
  id: `2f6c3a1e-${String(i).padStart(4, '0')}-4b7d-9e21-5a8c0d4f6b3${i % 10}`,
  content: `Prefers to schedule deep work in the morning, memory number ${i}`,
  category: i % 3 === 0 ? 'system' : 'interesting',
  visibility: 'private',
  tags: ['work', 'habits'],
  created_at: '2026-01-05T08:30:00.123456Z',
  updated_at: '2026-01-05T08:30:00.123456Z',
  manually_added: true,
  reviewed: true,
  user_review: true,
  edited: false,
  scoring: `01_998_17${String(i).padStart(8, '0')}`,
});
const body = Buffer.from(JSON.stringify(Array.from({ length: 25 }, (_, i) => memory(i))));

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
