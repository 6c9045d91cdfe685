import { createManualClock, type ManualClock, type RetryPolicy, type Storage } from '@omi-kit/storage';
import { afterEach, beforeEach } from 'vitest';

export interface ContractOptions {
  clock: ManualClock;
  /** 0.5 makes the jitter zero, so backoff delays are exact. */
  random: () => number;
  retry: Partial<RetryPolicy>;
}

/** Builds the adapter under test; the contract closes it after each test. */
export type StorageFactory = (options: ContractOptions) => Storage | Promise<Storage>;

export const CONTRACT_RETRY: Partial<RetryPolicy> = {
  maxAttempts: 3,
  baseDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.2,
};

export interface StorageUnderTest {
  readonly clock: ManualClock;
  readonly storage: Storage;
}

/** A fresh storage and manual clock for each test of the enclosing describe block. */
export function useStorage(factory: StorageFactory): StorageUnderTest {
  let current: { clock: ManualClock; storage: Storage } | undefined;
  beforeEach(async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1));
    current = { clock, storage: await factory({ clock, random: () => 0.5, retry: CONTRACT_RETRY }) };
  });
  afterEach(async () => {
    await current?.storage.close();
    current = undefined;
  });
  return {
    get clock() {
      if (!current) throw new Error('useStorage: only inside a test');
      return current.clock;
    },
    get storage() {
      if (!current) throw new Error('useStorage: only inside a test');
      return current.storage;
    },
  };
}
