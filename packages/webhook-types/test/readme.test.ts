import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as webhookTypes from '@omi-kit/webhook-types';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('starts with a five-line example that runs', () => {
    const match = /^# [^\n]+\n\n```js\n([\s\S]*?)```/.exec(readme);
    expect(match).not.toBeNull();
    const lines = match![1]!.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const [importLine, ...code] = lines;
    const names = /^import \{ (.+) \} from '@omi-kit\/webhook-types';$/.exec(importLine!)![1]!.split(', ');
    const log = vi.fn();
    const run = new Function(...names, 'console', code.join('\n'));
    const exported = new Map<string, unknown>(Object.entries(webhookTypes));
    run(...names.map((name) => exported.get(name)), { log });
    expect(log).toHaveBeenCalledWith('verified, signed at', expect.any(Number));
  });
});
