import { DeveloperGoal } from '@omi-kit/schemas';
import { z } from 'zod';
import { bounds } from '../bounds.js';
import { defineTool } from '../define-tool.js';

export const getGoals = defineTool({
  name: 'get_goals',
  title: 'Get goals',
  description:
    "List the user's goals: title, desired outcome, why it matters, status and progress (current and target values). Active goals only unless include_inactive is true.",
  scope: 'goals:read',
  preset: 'read',
  input: z.object({
    include_inactive: z.boolean().default(false).describe('Also paused, achieved and abandoned goals'),
  }),
  output: z.object({ goals: z.array(DeveloperGoal), returned_count: z.number().int() }),
  async run(args, { client, requestOptions }) {
    const goals = await client.goals.list(
      args.include_inactive ? { include_inactive: true } : { limit: bounds.goalList.default },
      requestOptions,
    );
    return { goals, returned_count: goals.length };
  },
});
