import { createMemoryStorage, openStorage } from '@omi-kit/storage';
import { describe, expect, it, vi } from 'vitest';
import { describeStorageContract } from './contract/describe-storage-contract.js';

describeStorageContract('memory', (options) => createMemoryStorage({ ...options, quiet: true }));

describe('memory adapter', () => {
  it('warns once per logger that it is for development only', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const first = createMemoryStorage({ logger });
    const second = await openStorage('memory:', { logger });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/development and tests.*STORAGE_URL/s);
    expect(first.kind).toBe('memory');
    expect(second.location).toBe('memory');
    await Promise.all([first.close(), second.close()]);
  });

  it('stays quiet when asked to', () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    void createMemoryStorage({ logger, quiet: true }).close();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
