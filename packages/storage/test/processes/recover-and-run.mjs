// Opens the file a killed process left behind and runs the webhook worker until one job is done.
// The handler's side effect is a line appended to EFFECTS; prints the queue stats as JSON at the end.
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, filename, effects] = process.argv.slice(2);
const now = Number(process.env.FAKE_NOW);
const { createSqliteStorage, createWorker } = await import(pathToFileURL(bundle).href);
const storage = createSqliteStorage({ filename, clock: { now: () => now }, sweepIntervalMs: 0 });

let finished;
const done = new Promise((resolve) => {
  finished = resolve;
});
const worker = createWorker({
  queue: 'webhooks',
  store: storage.jobs,
  visibilityTimeoutMs: 30_000,
  pollIntervalMs: 10,
  handler: (job) => {
    appendFileSync(
      effects,
      `${job.id} ${job.payload.conversationId} attempt ${job.attempt} ${job.payload.transcript.length}\n`,
    );
    finished();
  },
});
const timeout = setTimeout(() => {
  process.stderr.write('recover-and-run: no job was delivered within 10 s\n');
  process.exit(2);
}, 10_000);
await done;
await worker.stop();
clearTimeout(timeout);
const stats = await storage.jobs.stats('webhooks');
await storage.close();
process.stdout.write(`${JSON.stringify(stats)}\n`);
