import { parseStartArgs, USAGE, UsageError } from './cli-args.js';
import { runLive } from './cli-live.js';
import { runReplay } from './cli-replay.js';
import { runTrigger } from './cli-trigger.js';
import { createEmulator } from './server.js';

async function start(argv: string[]): Promise<void> {
  const options = parseStartArgs(argv);
  const emulator = createEmulator({
    db: options.db,
    seed: options.seed,
    rateLimitBoost: options.rateLimitBoost,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  let url: string;
  try {
    url = await emulator.listen({ port: options.port, host: options.host });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const hint =
      code === 'EADDRINUSE' ? ` (port ${options.port} is taken; pass --port 0 to pick a free one)` : '';
    process.stderr.write(
      `omi-emulator: could not listen on ${options.host}:${options.port}${hint}: ${(error as Error).message}\n`,
    );
    await emulator.close();
    process.exit(1);
  }
  const key = emulator.createKey();
  process.stdout.write(`OMI_API_BASE_URL=${url}\nOMI_API_KEY=${key}\n`);
  process.stdout.write(
    `${new Date().toISOString()} Omi emulator ready: database ${options.db}${options.seed ? ', seeded' : ''}, rate limits x${options.rateLimitBoost}; OpenAPI at ${url}/openapi.json\n`,
  );
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'start') return start(rest);
  const commands = { trigger: runTrigger, replay: runReplay, live: runLive } as const;
  if (Object.hasOwn(commands, command)) {
    const io = {
      out: (line: string) => process.stdout.write(`${line}\n`),
      err: (line: string) => process.stderr.write(`${line}\n`),
    };
    process.exitCode = await commands[command as keyof typeof commands](rest, io);
    return;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    process.stderr.write(`omi-emulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`omi-emulator: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
