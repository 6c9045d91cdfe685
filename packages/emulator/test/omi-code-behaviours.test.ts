import { describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';

// Behaviours where the reference is silent and Omi's backend code decides.
describe("behaviours that follow Omi's code", () => {
  const omi = useEmulator();

  it('a known path with the wrong method is 405 with Allow, as Starlette answers', async () => {
    const key = await omi.key();
    const r = await omi.call('PUT', '/v1/dev/user/memories', { key });
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ detail: 'Method Not Allowed' });
    expect(r.headers.get('allow')).toBe('GET, POST');
    const unknown = await omi.call('GET', '/v1/dev/user/nothing-here', { key });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Not Found' });
  });

  it("a goal's history is read directly: a missing goal has an empty history", async () => {
    const key = await omi.key();
    const r = await omi.call('GET', '/v1/dev/user/goals/goal_000000000000/history', { key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it('an empty PATCH body is 422 before the id is looked up (memory and goal)', async () => {
    const key = await omi.key();
    const memory = await omi.call('PATCH', '/v1/dev/user/memories/does-not-exist', { key, json: {} });
    expect(memory.status).toBe(422);
    const goal = await omi.call('PATCH', '/v1/dev/user/goals/goal_000000000000', { key, json: {} });
    expect(goal.status).toBe(422);
  });

  it('a whitespace conversation title is trimmed and stored empty', async () => {
    const key = await omi.key();
    const created = await omi.call('POST', '/v1/dev/user/conversations', {
      key,
      json: { text: 'We planned the sprint and the release checklist.' },
    });
    const r = await omi.call('PATCH', `/v1/dev/user/conversations/${created.body.id}`, {
      key,
      json: { title: '   ' },
    });
    expect(r.status).toBe(200);
    expect(r.body.structured.title).toBe('');
  });

  it('a segment whose end precedes a negative start reports the end first', async () => {
    const key = await omi.key();
    const r = await omi.call('POST', '/v1/dev/user/conversations/from-segments', {
      key,
      json: { transcript_segments: [{ text: 'hi', start: -1, end: -2 }] },
    });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('Segment 0: end time must be after start time');
  });
});
