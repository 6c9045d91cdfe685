import { createSqliteStorage, defaultRetryPolicy, retryDelay } from '@omi-kit/storage';
import { describe, expect, it } from 'vitest';

describe('retryDelay', () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, factor: 2, maxDelayMs: 30_000, jitter: 0.2 };

  it('doubles from the base delay and stops at the cap', () => {
    const noJitter = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelay(policy, attempt, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('spreads each delay by ±jitter and never past the cap', () => {
    expect(retryDelay(policy, 3, () => 0)).toBe(3_200);
    expect(retryDelay(policy, 3, () => 0.999_999)).toBe(4_800);
    expect(retryDelay(policy, 10, () => 0.999_999)).toBe(30_000);
    expect(retryDelay(policy, 10, () => 0)).toBe(24_000);
  });

  it('defaults to 8 attempts starting at one second', () => {
    expect(defaultRetryPolicy).toMatchObject({ maxAttempts: 8, baseDelayMs: 1_000, factor: 2 });
  });

  it('rejects a policy that makes no sense', () => {
    expect(() => createSqliteStorage({ filename: ':memory:', retry: { jitter: 2 } })).toThrow(/jitter/);
    expect(() => createSqliteStorage({ filename: ':memory:', retry: { maxAttempts: 0 } })).toThrow(
      /maxAttempts/,
    );
  });
});
