import { redactUrl } from '@omi-kit/storage';
import { describe, expect, it } from 'vitest';

describe('redactUrl', () => {
  it.each([
    ['postgres://user:pa:ss@host/db', 'postgres://user:***@host/db'],
    ['redis://:secret@host:6379', 'redis://:***@host:6379'],
    ['redis://user:p@ss@host', 'redis://user:***@host'],
    ['postgres://user@host/db', 'postgres://user@host/db'],
    [
      'postgres://host/db?sslmode=require&password=x&apiKey=y',
      'postgres://host/db?sslmode=require&password=***&apiKey=***',
    ],
    ['sqlite:./data/plugin.db', 'sqlite:./data/plugin.db'],
    ['  memory:  ', 'memory:'],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('shortens a very long value', () => {
    expect(redactUrl(`sqlite:${'x'.repeat(500)}`)).toHaveLength(201);
  });
});
