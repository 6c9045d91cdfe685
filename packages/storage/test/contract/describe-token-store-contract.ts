import { describe, expect, it } from 'vitest';
import { type StorageFactory, useStorage } from './use-storage.js';

export function describeTokenStoreContract(factory: StorageFactory): void {
  describe('token store', () => {
    const t = useStorage(factory);

    it('returns undefined for an unknown (provider, uid)', async () => {
      expect(await t.storage.tokens.get('google', 'uid-1')).toBeUndefined();
    });

    it('saves and returns every field, stamped with updatedAt', async () => {
      const token = {
        accessToken: 'enc:v1:access',
        refreshToken: 'enc:v1:refresh',
        expiresAt: Date.UTC(2025, 0, 1, 1),
        scope: 'calendar.readonly email',
        tokenType: 'Bearer',
        sealed: 'opaque-blob==',
        extra: { accountId: 'acct_1', nested: { list: [1, 2] } },
      };
      const saved = await t.storage.tokens.save('google', 'uid-1', token);
      const expected = { ...token, provider: 'google', uid: 'uid-1', updatedAt: t.clock.now() };
      expect(saved).toEqual(expected);
      expect(await t.storage.tokens.get('google', 'uid-1')).toEqual(expected);
    });

    it('replaces the whole record on save, and keeps expired tokens (they hold the refresh token)', async () => {
      const { tokens } = t.storage;
      await tokens.save('github', 'u', {
        accessToken: 'a1',
        refreshToken: 'r1',
        scope: 'repo',
        expiresAt: 1,
      });
      t.clock.advance(5_000);
      await tokens.save('github', 'u', { accessToken: 'a2', expiresAt: 2 });
      expect(await tokens.get('github', 'u')).toEqual({
        provider: 'github',
        uid: 'u',
        accessToken: 'a2',
        expiresAt: 2,
        updatedAt: t.clock.now(),
      });
    });

    it('accepts a record that is only a sealed blob', async () => {
      await t.storage.tokens.save('notion', 'u', { sealed: 'aes-gcm:iv:tag:ciphertext' });
      expect(await t.storage.tokens.get('notion', 'u')).toMatchObject({
        sealed: 'aes-gcm:iv:tag:ciphertext',
      });
    });

    it('keys by provider and uid together', async () => {
      const { tokens } = t.storage;
      await tokens.save('a:b', 'c', { accessToken: '1' });
      await tokens.save('a', 'b:c', { accessToken: '2' });
      await tokens.save('a', 'other', { accessToken: '3' });
      expect((await tokens.get('a:b', 'c'))?.accessToken).toBe('1');
      expect((await tokens.get('a', 'b:c'))?.accessToken).toBe('2');
      expect(await tokens.delete('a', 'b:c')).toBe(true);
      expect(await tokens.delete('a', 'b:c')).toBe(false);
      expect((await tokens.get('a:b', 'c'))?.accessToken).toBe('1');
      expect((await tokens.get('a', 'other'))?.accessToken).toBe('3');
    });

    it('rejects a bad record without echoing any secret', async () => {
      const { tokens } = t.storage;
      const secret = 'rt-very-secret-value';
      const noAccess = tokens.save('google', 'u', { refreshToken: secret });
      await expect(noAccess).rejects.toMatchObject({ code: 'ERR_STORAGE_INVALID_ARGUMENT' });
      await expect(noAccess).rejects.not.toThrow(secret);
      const badField = tokens.save('google', 'u', { accessToken: secret, scope: 42 as unknown as string });
      await expect(badField).rejects.toThrow(/scope must be a string/);
      await expect(badField).rejects.not.toThrow(secret);
      await expect(tokens.save('', 'u', { accessToken: 'a' })).rejects.toMatchObject({
        code: 'ERR_STORAGE_INVALID_ARGUMENT',
      });
      expect(await tokens.get('google', 'u')).toBeUndefined();
    });
  });
}
