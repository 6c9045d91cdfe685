import { z } from 'zod';
import { DateTimeInput, DateTimeString } from './datetime.js';
import { GoalType, goalSourceValues, goalStatusValues } from './enums.js';
import { openEnum } from './open-enum.js';

export const GoalMetric = z.looseObject({
  type: GoalType.or(z.string()),
  current: z.number(),
  target: z.number(),
  min: z.number().nullish(),
  max: z.number().nullish(),
  unit: z.string().max(64).nullish(),
});
export type GoalMetric = z.infer<typeof GoalMetric>;

/** A goal. `goal_id` repeats `id`; the flat metric fields mirror `metric`. */
export const DeveloperGoal = z.looseObject({
  id: z.string(),
  goal_id: z.string(),
  title: z.string(),
  desired_outcome: z.string(),
  why_it_matters: z.string().nullish(),
  success_criteria: z.array(z.string()).default([]),
  horizon_at: DateTimeString.nullish(),
  status: openEnum(goalStatusValues),
  focus_rank: z.number().int().nullish(),
  metric: GoalMetric.nullish(),
  source: openEnum(goalSourceValues),
  goal_type: z.string(),
  target_value: z.number(),
  current_value: z.number(),
  min_value: z.number(),
  max_value: z.number(),
  unit: z.string().nullish(),
  is_active: z.boolean(),
  created_at: DateTimeString,
  updated_at: DateTimeString,
});
export type DeveloperGoal = z.infer<typeof DeveloperGoal>;

/** `POST /v1/dev/user/goals`. Leave every metric field out for a qualitative goal. */
export const CreateGoalRequest = z.strictObject({
  title: z.string().min(1).max(500),
  desired_outcome: z.string().max(2000).nullish().describe('Defaults to the title'),
  why_it_matters: z.string().max(2000).nullish(),
  success_criteria: z.array(z.string()).max(20).optional(),
  horizon_at: DateTimeInput.nullish(),
  goal_type: GoalType.nullish(),
  target_value: z.number().nullish(),
  current_value: z.number().nullish(),
  min_value: z.number().nullish(),
  max_value: z.number().nullish(),
  unit: z.string().nullish(),
});
export type CreateGoalRequest = z.input<typeof CreateGoalRequest>;

/**
 * `PATCH /v1/dev/user/goals/{id}`, applied with exclude_unset: only the keys sent change.
 * `null` for title, desired_outcome, success_criteria, target_value or current_value is refused.
 */
export const UpdateGoalRequest = z.strictObject({
  title: z.string().min(1).max(500).optional(),
  desired_outcome: z.string().max(2000).optional(),
  why_it_matters: z.string().max(2000).nullish(),
  success_criteria: z.array(z.string()).max(20).optional(),
  horizon_at: DateTimeInput.nullish(),
  target_value: z.number().optional(),
  current_value: z.number().optional(),
  min_value: z.number().nullish(),
  max_value: z.number().nullish(),
  unit: z.string().nullish(),
});
export type UpdateGoalRequest = z.input<typeof UpdateGoalRequest>;

export const ListGoalsQuery = z.strictObject({
  limit: z
    .number()
    .int()
    .optional()
    .describe('Default 10, clamped to 1..1000; ignored with include_inactive'),
  include_inactive: z.boolean().optional(),
});
export type ListGoalsQuery = z.input<typeof ListGoalsQuery>;

export const UpdateGoalProgressQuery = z.strictObject({
  current_value: z.number(),
});
export type UpdateGoalProgressQuery = z.input<typeof UpdateGoalProgressQuery>;

export const GoalHistoryQuery = z.strictObject({
  days: z.number().int().min(1).max(365).optional().describe('Default 30'),
});
export type GoalHistoryQuery = z.input<typeof GoalHistoryQuery>;

export const GoalHistoryEntry = z.looseObject({
  date: z.string(),
  value: z.number(),
  recorded_at: DateTimeString,
});
export type GoalHistoryEntry = z.infer<typeof GoalHistoryEntry>;
