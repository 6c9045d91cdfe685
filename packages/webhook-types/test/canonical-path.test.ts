import { canonicalPath } from '@omi-kit/webhook-types';
import { describe, expect, it } from 'vitest';
import { oracle } from './python-oracle.js';

// [path as received, canonical form]. The first block is the table of Omi's own SDK tests
// (plugins/omi-plugin-sdk/tests/test_request_signing.py); every row is also checked against Python below.
const PATHS: Array<[string, string]> = [
  ['/tools/get_recovery', '/tools/get_recovery'],
  ['/tools/%7euser', '/tools/~user'],
  ['/tools/a%2fb', '/tools/a%2Fb'],
  ['/tools/café', '/tools/caf%C3%A9'],
  ['/tools/a b', '/tools/a%20b'],
  ['', '/'],
  ['/a/../b', '/a/../b'],
  ['/tools\\x', '/tools%5Cx'],
  // Lower-case escapes come out upper-case; unreserved escapes come out plain.
  ['/tools/caf%c3%a9', '/tools/caf%C3%A9'],
  ['/%41%62%2D%2e%5F%7E', '/Ab-._~'],
  // + is not a space in a path, and a raw byte that is not UTF-8 stays that byte.
  ['/tools/a+b', '/tools/a%2Bb'],
  ['/tools/%E9', '/tools/%E9'],
  ['/tools/%zz/100%', '/tools/%25zz/100%25'],
  ["/tools/it's(ok)!*:@", '/tools/it%27s%28ok%29%21%2A%3A%40'],
  ['/', '/'],
  ['//', '//'],
  ['/tools/', '/tools/'],
  ['tools/x', 'tools/x'],
  ['/tools/%2e%2e/x', '/tools/../x'],
  ['/tools/;a=1', '/tools/%3Ba%3D1'],
];

describe('canonicalPath', () => {
  it('decodes and re-encodes each segment, as expected and as Python urllib.parse does', async () => {
    const python = await oracle.canonicalPath(PATHS.map(([path]) => path));
    PATHS.forEach(([path, expected], i) => {
      expect(canonicalPath(path)).toBe(expected);
      expect(python[i]).toBe(expected);
    });
  });
});
