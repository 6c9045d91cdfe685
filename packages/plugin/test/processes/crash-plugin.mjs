// A plugin process for the crash test. Its conversation handler appends "start <id> attempt <n>"
// to EFFECTS_FILE; with HANG=1 it then never finishes (the test SIGKILLs the process there), else
// it appends the side effect "done <id>". Prints {"port": n} once listening.
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);
const { definePlugin, runPlugin } = await import(pathToFileURL(bundle).href);
const effects = process.env.EFFECTS_FILE;

const plugin = definePlugin({
  name: 'crash-test',
  onConversation: async ({ event, delivery }) => {
    appendFileSync(effects, `start ${event.id} attempt ${delivery.attempt} pid ${process.pid}\n`);
    if (process.env.HANG === '1') await new Promise(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(effects, `done ${event.id}\n`);
  },
});

const server = await runPlugin(plugin, { worker: { pollIntervalMs: 20, visibilityTimeoutMs: 1_000 } });
process.stdout.write(`${JSON.stringify({ port: server.addresses()[0].port, pid: process.pid })}\n`);
