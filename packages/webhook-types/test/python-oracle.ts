// An oracle that shares no code with src/: Python's standard library computes what Omi's backend
// computes (hmac, hashlib, urllib.parse.quote / unquote_to_bytes / parse_qsl, json.dumps), from the
// spec in reference §6.3 and §6.4. One python3 process per test file answers JSON lines on stdin.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll } from 'vitest';

const SCRIPT = String.raw`
import hashlib, hmac, json, sys
from urllib.parse import parse_qsl, quote, unquote_to_bytes

def cpath(path):
    if not path:
        return '/'
    return '/'.join(quote(unquote_to_bytes(segment), safe='') for segment in path.split('/'))

def cquery(query):
    pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else [tuple(p) for p in query]
    encoded = [(quote(name, safe=''), quote(value, safe='')) for name, value in pairs]
    encoded.sort(key=lambda pair: pair[0])
    return '&'.join(name + '=' + value for name, value in encoded)

def v1(case):
    message = (str(case['t']) + '.' + case['uid'] + '.').encode('utf-8') + bytes.fromhex(case['body'])
    return hmac.new(case['secret'].encode('utf-8'), message, hashlib.sha256).hexdigest()

def v2_message(case):
    head = ''.join(line + '\n' for line in ['v2', str(case['t']), case['delivery'], case['event'],
                                             case['method'].upper(), cpath(case['path']), cquery(case['query'])])
    return head.encode('ascii') + bytes.fromhex(case['body'])

def v2(case):
    return hmac.new(case['secret'].encode('utf-8'), v2_message(case), hashlib.sha256).hexdigest()

ops = {
    'v1': v1,
    'v2': v2,
    'v2_message': lambda case: v2_message(case).hex(),
    'path': cpath,
    'query': cquery,
    'json': lambda value: json.dumps(value, ensure_ascii=False, separators=(',', ':')).encode('utf-8').hex(),
    'literal_eval': lambda text: __import__('ast').literal_eval(text),
}
for line in sys.stdin:
    request = json.loads(line)
    try:
        print(json.dumps({'ok': [ops[request['op']](case) for case in request['cases']]}), flush=True)
    except Exception as error:
        print(json.dumps({'error': repr(error)}), flush=True)
`;

let python: ChildProcessWithoutNullStreams | undefined;
const waiting: Array<(line: string) => void> = [];

function start(): ChildProcessWithoutNullStreams {
  const child = spawn('python3', ['-u', '-c', SCRIPT]);
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      waiting.shift()?.(line);
    }
  });
  return child;
}

afterAll(() => {
  python?.stdin.end();
  python = undefined;
});

function run<T>(op: string, cases: unknown[]): Promise<T[]> {
  python ??= start();
  const child = python;
  return new Promise((resolve, reject) => {
    waiting.push((line) => {
      const answer = JSON.parse(line) as { ok?: T[]; error?: string };
      if (answer.ok) resolve(answer.ok);
      else reject(new Error(`python oracle: ${answer.error}`));
    });
    child.stdin.write(`${JSON.stringify({ op, cases })}\n`);
  });
}

const hex = (body: Uint8Array | string) => Buffer.from(body).toString('hex');

export interface V1Case {
  secret: string;
  t: number;
  uid: string;
  body: Uint8Array | string;
}

export interface V2Case {
  secret: string;
  t: number;
  delivery: string;
  event: string;
  method: string;
  path: string;
  /** The raw query string (parsed with parse_qsl) or decoded pairs. */
  query: string | Array<[string, string]>;
  body: Uint8Array | string;
}

export const oracle = {
  /** hex HMAC-SHA256(secret, "<t>.<uid>." + body) for each case. */
  v1: (cases: V1Case[]) =>
    run<string>(
      'v1',
      cases.map((c) => ({ ...c, body: hex(c.body) })),
    ),
  /** hex HMAC-SHA256 over the v2 string to sign for each case. */
  v2: (cases: V2Case[]) =>
    run<string>(
      'v2',
      cases.map((c) => ({ ...c, body: hex(c.body) })),
    ),
  /** The v2 string to sign, as bytes. */
  v2Message: async (cases: V2Case[]) =>
    (
      await run<string>(
        'v2_message',
        cases.map((c) => ({ ...c, body: hex(c.body) })),
      )
    ).map((h) => Buffer.from(h, 'hex')),
  canonicalPath: (paths: string[]) => run<string>('path', paths),
  canonicalQuery: (queries: Array<string | Array<[string, string]>>) => run<string>('query', queries),
  /** json.dumps(value, ensure_ascii=False, separators=(',', ':')).encode('utf-8'): Omi's wire bytes. */
  /** Python's ast.literal_eval of each text (reads the legacy `summary` of a day summary). */
  literalEval: (texts: string[]) => run<unknown>('literal_eval', texts),
  omiJson: async (values: unknown[]) => (await run<string>('json', values)).map((h) => Buffer.from(h, 'hex')),
};
