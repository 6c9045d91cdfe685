import type { CreateGoalRequest, UpdateGoalRequest } from '@omi-kit/schemas';
import { clamp, toUtcIso } from '../datetime-input.js';
import type { DevHandler, DevRequest } from '../developer-api.js';
import { notFound, unprocessable } from '../http-error.js';
import { goalId } from '../ids.js';
import type { EmulatorState } from '../state.js';
import type { GoalDoc } from '../store/documents.js';

const NOT_NULLABLE = [
  'title',
  'desired_outcome',
  'success_criteria',
  'target_value',
  'current_value',
] as const;

function goalOrThrow(state: EmulatorState, uid: string, id: string): GoalDoc {
  const goal = state.goals.get(uid, id);
  if (!goal) throw notFound('Goal not found');
  return goal;
}

/** Keeps the flat metric fields and the `metric` object in step, as Omi's model does. */
function withMetric(goal: GoalDoc): GoalDoc {
  const quantitative = goal.goal_type !== 'boolean' || goal.has_metric === true;
  goal.metric = quantitative
    ? {
        type: goal.goal_type,
        current: goal.current_value,
        target: goal.target_value,
        min: goal.min_value,
        max: goal.max_value,
        unit: goal.unit ?? null,
      }
    : null;
  return goal;
}

export function newGoal(body: CreateGoalRequest, now: Date, id = goalId()): GoalDoc {
  const hasMetric = [
    body.goal_type,
    body.target_value,
    body.current_value,
    body.min_value,
    body.max_value,
  ].some((v) => v != null);
  const type = body.goal_type ?? (hasMetric ? 'numeric' : 'boolean');
  const target = body.target_value ?? (type === 'boolean' ? 1 : 10);
  const at = now.toISOString();
  return withMetric({
    id,
    goal_id: id,
    title: body.title.trim(),
    desired_outcome: body.desired_outcome?.trim() || body.title.trim(),
    why_it_matters: body.why_it_matters ?? null,
    success_criteria: body.success_criteria ?? [],
    horizon_at: body.horizon_at ? toUtcIso(body.horizon_at) : null,
    status: 'background',
    focus_rank: null,
    source: 'user',
    goal_type: type,
    target_value: target,
    current_value: body.current_value ?? 0,
    min_value: body.min_value ?? 0,
    max_value: body.max_value ?? target,
    unit: body.unit ?? null,
    has_metric: hasMetric,
    is_active: true,
    created_at: at,
    updated_at: at,
  });
}

/** The stored goal without emulator bookkeeping. */
function publicGoal(goal: GoalDoc): Record<string, unknown> {
  const { has_metric: _ignored, ...rest } = goal;
  return rest;
}

export const listGoals: DevHandler = (
  req: DevRequest<{ limit?: number; include_inactive?: boolean }>,
  state,
) => {
  const limit = clamp(req.query.limit ?? 10, 1, 1000);
  return state.goals.list(req.uid, req.query.include_inactive === true, limit).map(publicGoal);
};

export const getGoal: DevHandler = (req, state) =>
  publicGoal(goalOrThrow(state, req.uid, req.params.goal_id!));

export const createGoal: DevHandler = (req: DevRequest<unknown, CreateGoalRequest>, state) => {
  if (req.body.title.trim().length === 0) throw unprocessable('title cannot be empty');
  const goal = newGoal(req.body, req.now);
  state.goals.save(req.uid, goal);
  if (goal.metric)
    state.goals.record(
      req.uid,
      goal.id,
      req.now.toISOString().slice(0, 10),
      goal.current_value as number,
      goal.created_at,
    );
  return publicGoal(goal);
};

export const updateGoal: DevHandler = (req: DevRequest<unknown, UpdateGoalRequest>, state) => {
  const body = req.body as Record<string, unknown>;
  const keys = Object.keys(body);
  // Omi checks for an empty body before it looks the goal up.
  if (keys.length === 0) throw unprocessable('At least one field must be provided');
  const goal = goalOrThrow(state, req.uid, req.params.goal_id!);
  for (const k of NOT_NULLABLE) if (k in body && body[k] === null) throw unprocessable(`${k} cannot be null`);
  if (typeof body.title === 'string' && !body.title.trim()) throw unprocessable('title cannot be empty');
  if (typeof body.desired_outcome === 'string' && !body.desired_outcome.trim()) {
    throw unprocessable('desired_outcome cannot be empty');
  }
  for (const k of keys) {
    const v = body[k];
    goal[k] =
      k === 'horizon_at' && typeof v === 'string'
        ? toUtcIso(v)
        : typeof v === 'string' && (k === 'title' || k === 'desired_outcome')
          ? v.trim()
          : v;
  }
  if (keys.some((k) => ['target_value', 'current_value', 'min_value', 'max_value'].includes(k)))
    goal.has_metric = true;
  goal.updated_at = req.now.toISOString();
  state.goals.save(req.uid, withMetric(goal));
  return publicGoal(goal);
};

export const deleteGoal: DevHandler = (req, state) => {
  goalOrThrow(state, req.uid, req.params.goal_id!);
  state.goals.delete(req.uid, req.params.goal_id!);
  return { success: true };
};

export const updateGoalProgress: DevHandler = (req: DevRequest<{ current_value: number }>, state) => {
  const goal = goalOrThrow(state, req.uid, req.params.goal_id!);
  goal.current_value = req.query.current_value;
  goal.has_metric = true;
  const at = req.now.toISOString();
  goal.updated_at = at;
  state.goals.save(req.uid, withMetric(goal));
  state.goals.record(req.uid, goal.id, at.slice(0, 10), req.query.current_value, at);
  return publicGoal(goal);
};

export const listGoalHistory: DevHandler = (req: DevRequest<{ days?: number }>, state) => {
  // Omi reads the history subcollection directly: a missing goal has an empty history, not a 404.
  const days = req.query.days ?? 30;
  const since = new Date(req.now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  return state.goals.history(req.uid, req.params.goal_id!, since);
};
