import { createEmulator, type Emulator, type EmulatorOptions } from '@omi-kit/emulator';

export interface RunningEmulator {
  emulator: Emulator;
  baseUrl: string;
  /** An omi_dev_ key with every scope. */
  key: string;
  close(): Promise<void>;
}

/** A seeded emulator on 127.0.0.1 with a random port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator({ seed: true, ...options });
  const baseUrl = await emulator.listen({ port: 0 });
  return { emulator, baseUrl, key: emulator.createKey(), close: () => emulator.close() };
}
