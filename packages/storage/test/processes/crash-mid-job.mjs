// Enqueues one webhook delivery and starts a worker whose handler never finishes: the test kills
// this process with SIGKILL once the job has started, before any side effect or ack.
// The clock is frozen at FAKE_NOW so that the test decides when the visibility timeout has passed.
import { pathToFileURL } from 'node:url';

const [bundle, filename] = process.argv.slice(2);
const now = Number(process.env.FAKE_NOW);
const { createSqliteStorage, createWorker } = await import(pathToFileURL(bundle).href);
const storage = createSqliteStorage({ filename, clock: { now: () => now }, sweepIntervalMs: 0 });

// A webhook-sized payload: it goes to a payload file, which the recovering process must read.
const transcript = 'words '.repeat(4_000);
await storage.jobs.enqueue('webhooks', { conversationId: 'c-1', transcript }, { id: 'delivery-1' });
createWorker({
  queue: 'webhooks',
  store: storage.jobs,
  visibilityTimeoutMs: 30_000,
  pollIntervalMs: 10,
  workerId: `doomed-${process.pid}`,
  handler: async (job) => {
    process.stdout.write(`started ${job.id} attempt ${job.attempt}\n`);
    await new Promise(() => {});
  },
});
