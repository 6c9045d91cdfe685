import { execFileSync } from 'node:child_process';

// Signatures computed by Python's standard library from the spec (reference §6.3, §6.4), sharing no
// code with @omi-kit/webhook-types: an independent check that the plugin accepts what Omi sends.
const SCRIPT = String.raw`
import hashlib, hmac, json, sys
cases = json.load(sys.stdin)
out = []
for c in cases:
    body = bytes.fromhex(c['body'])
    if c['scheme'] == 'v1':
        message = (str(c['t']) + '.' + c['uid'] + '.').encode('utf-8') + body
    else:
        head = ''.join(x + '\n' for x in ['v2', str(c['t']), c['delivery'], c['event'], c['method'], c['path'], c['query']])
        message = head.encode('ascii') + body
    out.append(hmac.new(c['secret'].encode('utf-8'), message, hashlib.sha256).hexdigest())
print(json.dumps(out))
`;

export interface PythonCase {
  scheme: 'v1' | 'v2';
  secret: string;
  t: number;
  body: Buffer | string;
  uid?: string;
  /** v2 only: already canonical. */
  delivery?: string;
  event?: string;
  method?: string;
  path?: string;
  query?: string;
}

export function pythonSignatures(cases: PythonCase[]): string[] {
  const input = JSON.stringify(cases.map((c) => ({ ...c, body: Buffer.from(c.body).toString('hex') })));
  return JSON.parse(execFileSync('python3', ['-c', SCRIPT], { input, encoding: 'utf8' }));
}
