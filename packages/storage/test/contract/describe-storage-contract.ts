import { StorageClosedError } from '@omi-kit/storage';
import { describe, expect, it } from 'vitest';
import { describeJobQueueContract } from './describe-job-queue-contract.js';
import { describeKvContract } from './describe-kv-contract.js';
import { describeTokenStoreContract } from './describe-token-store-contract.js';
import { type StorageFactory, useStorage } from './use-storage.js';

/**
 * The behaviour every adapter must have, run once per adapter. A new adapter (PostgreSQL, Redis)
 * passes this before it is exported.
 */
export function describeStorageContract(name: string, factory: StorageFactory): void {
  describe(`${name}: storage contract`, () => {
    describeKvContract(factory);
    describeJobQueueContract(factory);
    describeTokenStoreContract(factory);

    describe('close', () => {
      const t = useStorage(factory);

      it('can be called twice, and every store refuses work afterwards', async () => {
        const { storage } = t;
        await storage.close();
        await storage.close();
        await expect(storage.kv.get('k')).rejects.toBeInstanceOf(StorageClosedError);
        await expect(storage.jobs.enqueue('q', {})).rejects.toMatchObject({ code: 'ERR_STORAGE_CLOSED' });
        await expect(storage.tokens.get('p', 'u')).rejects.toMatchObject({ code: 'ERR_STORAGE_CLOSED' });
      });

      it('closing one store leaves the others working', async () => {
        const { storage } = t;
        await storage.kv.close();
        await storage.jobs.enqueue('q', { n: 1 });
        expect(await storage.jobs.stats('q')).toMatchObject({ waiting: 1 });
        await storage.tokens.save('p', 'u', { accessToken: 'a' });
        expect(await storage.tokens.get('p', 'u')).toBeDefined();
      });
    });
  });
}
