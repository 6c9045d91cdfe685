import type { OmiClient } from '@omi-kit/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type Connected,
  connectInMemory,
  countingClient,
  errorOf,
  payload,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

interface Item {
  id: string;
  description: string;
  completed: boolean;
  due_at: string | null;
  created_at: string;
}

let omi: RunningEmulator;
let c: Connected;
let client: OmiClient;
let requests: string[];
beforeAll(async () => {
  omi = await startEmulator();
  ({ client, requests } = countingClient(omi.baseUrl, omi.key));
  c = await connectInMemory({ client });
});
afterAll(async () => {
  await c?.close();
  await omi?.close();
});
beforeEach(() => {
  requests.length = 0;
});

describe('action items', () => {
  test('get_action_items: open ones first, filter by completed', async () => {
    const all = payload<{ action_items: Item[]; limit: number }>(await c.call('get_action_items', {}));
    expect(all.limit).toBe(100);
    expect(all.action_items.length).toBeGreaterThan(2);
    const firstDone = all.action_items.findIndex((i) => i.completed);
    expect(all.action_items.slice(firstDone).every((i) => i.completed)).toBe(true);
    const open = payload<{ action_items: Item[] }>(await c.call('get_action_items', { completed: false }));
    expect(open.action_items.every((i) => !i.completed)).toBe(true);
  });

  test('get_action_items: created-date range, checked before any request', async () => {
    const all = payload<{ action_items: Item[] }>(await c.call('get_action_items', {})).action_items;
    const day = all[0]!.created_at.slice(0, 10);
    const body = payload<{ action_items: Item[] }>(
      await c.call('get_action_items', { start_date: day, end_date: day }),
    );
    expect(body.action_items.every((i) => i.created_at.startsWith(day))).toBe(true);
    requests.length = 0;
    expect(errorOf(await c.call('get_action_items', { start_date: '2025-13-01' })).code).toBe(
      'invalid_arguments',
    );
    expect(errorOf(await c.call('get_action_items', { limit: 501 })).code).toBe('invalid_arguments');
    expect(requests).toEqual([]);
  });

  test('create, update, complete, reopen and delete', async () => {
    const created = payload<{ success: boolean; action_item: Item }>(
      await c.call('create_action_item', { description: 'Book the dentist', due_at: '2030-01-15T09:00:00Z' }),
    );
    expect(created).toMatchObject({
      success: true,
      action_item: { description: 'Book the dentist', completed: false },
    });
    expect(created.action_item.due_at).toMatch(/^2030-01-15T09:00:00/);
    const id = created.action_item.id;

    const updated = payload<{ action_item: Item }>(
      await c.call('update_action_item', { action_item_id: id, description: 'Book the dentist for March' }),
    );
    expect(updated.action_item.description).toBe('Book the dentist for March');

    const done = payload<{ action_item: Item }>(await c.call('complete_action_item', { action_item_id: id }));
    expect(done.action_item.completed).toBe(true);
    const reopened = payload<{ action_item: Item }>(
      await c.call('complete_action_item', { action_item_id: id, completed: false }),
    );
    expect(reopened.action_item.completed).toBe(false);

    expect(payload(await c.call('delete_action_item', { action_item_id: id }))).toEqual({ success: true });
    expect(errorOf(await c.call('delete_action_item', { action_item_id: id })).code).toBe('not_found');
  });

  test('bad due_at, empty description and an update with nothing to change are refused before any request', async () => {
    expect(
      errorOf(await c.call('create_action_item', { description: 'x', due_at: 'next friday' })).message,
    ).toContain('due_at');
    expect(errorOf(await c.call('create_action_item', { description: ' ' })).code).toBe('invalid_arguments');
    expect(errorOf(await c.call('update_action_item', { action_item_id: 'abc' })).message).toMatch(
      /nothing to change/,
    );
    expect(requests).toEqual([]);
  });

  test('complete_action_item on an unknown id is not_found', async () => {
    expect(errorOf(await c.call('complete_action_item', { action_item_id: 'missing' })).code).toBe(
      'not_found',
    );
  });
});

describe('goals, daily summaries, ask', () => {
  test('get_goals lists active goals, or all', async () => {
    const active = payload<{ goals: { is_active: boolean }[] }>(await c.call('get_goals', {}));
    expect(active.goals.length).toBeGreaterThan(0);
    const all = payload<{ goals: unknown[] }>(await c.call('get_goals', { include_inactive: true }));
    expect(all.goals.length).toBeGreaterThanOrEqual(active.goals.length);
  });

  test('get_daily_summaries, with a date range checked before any request', async () => {
    const body = payload<{ daily_summaries: { date: string; headline: string }[]; limit: number }>(
      await c.call('get_daily_summaries', {}),
    );
    expect(body.limit).toBe(30);
    expect(body.daily_summaries.length).toBeGreaterThan(0);
    const day = body.daily_summaries[0]!.date;
    const one = payload<{ daily_summaries: { date: string }[] }>(
      await c.call('get_daily_summaries', { start_date: day, end_date: day }),
    );
    expect(one.daily_summaries.map((s) => s.date)).toEqual([day]);
    requests.length = 0;
    expect(errorOf(await c.call('get_daily_summaries', { start_date: '2025-04-31' })).code).toBe(
      'invalid_arguments',
    );
    expect(requests).toEqual([]);
  });

  test('ask answers from conversations, with sources', async () => {
    const body = payload<{ answer: string; sources: { id: string; title: string }[] }>(
      await c.call('ask', { question: 'What did Dana and I decide about the CSV export?' }),
    );
    expect(body.answer.length).toBeGreaterThan(0);
    expect(body.sources.length).toBeGreaterThan(0);
  });

  test('ask refuses an unknown time zone before any request', async () => {
    const error = errorOf(await c.call('ask', { question: 'x', timezone: 'Mars/Olympus' }));
    expect(error).toMatchObject({ code: 'invalid_arguments' });
    expect(error.message).toContain('Mars/Olympus');
    expect(requests).toEqual([]);
  });
});
