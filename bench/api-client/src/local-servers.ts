import { fileURLToPath } from 'node:url';
import { firstLine, spawnPinned } from './pin-cores.js';

export interface LocalServer {
  name: string;
  baseUrl: string;
  apiKey: string;
  pinned: boolean;
  stop(): void;
}

/**
 * The emulator (the project's local Omi: Fastify, SQLite, Omi's checks), in its own process on
 * its own core, with limits boosted so that pacing never binds during the measurement.
 */
export async function startEmulatorProcess(): Promise<LocalServer> {
  const cli = fileURLToPath(import.meta.resolve('@omi-kit/emulator').replace(/index\.js$/, 'cli.js'));
  const { child, pinned } = spawnPinned(cli, [
    'start',
    '--port',
    '0',
    '--seed',
    '--rate-limit-boost',
    '1000000',
  ]);
  const lines: string[] = [];
  for (;;) {
    const line = await firstLine(child);
    lines.push(line);
    if (
      lines.some((l) => l.startsWith('OMI_API_BASE_URL=')) &&
      lines.some((l) => l.startsWith('OMI_API_KEY='))
    )
      break;
  }
  const value = (name: string) => lines.find((l) => l.startsWith(`${name}=`))!.slice(name.length + 1);
  return {
    name: 'emulator',
    baseUrl: value('OMI_API_BASE_URL'),
    apiKey: value('OMI_API_KEY'),
    pinned,
    stop: () => child.kill('SIGTERM'),
  };
}

/** A server that answers every request with the same canned page: only the client's cost shows. */
export async function startCannedServer(): Promise<LocalServer> {
  const script = fileURLToPath(new URL('./fixture-server.mjs', import.meta.url));
  const { child, pinned } = spawnPinned(script, []);
  const port = await firstLine(child);
  return {
    name: 'canned',
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: `omi_dev_${'0123456789abcdef'.repeat(2)}`,
    pinned,
    stop: () => child.kill('SIGTERM'),
  };
}
