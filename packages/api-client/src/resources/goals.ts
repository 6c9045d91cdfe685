import type {
  CreateGoalRequest,
  DeveloperGoal,
  GoalHistoryEntry,
  GoalHistoryQuery,
  ListGoalsQuery,
  SuccessResponse,
  UpdateGoalRequest,
} from '@omi-kit/schemas';
import type { DeveloperContext } from '../developer-context.js';
import type { RequestOptions } from '../transport.js';

/** Goals. Omi pages goals with `limit` only (no offset); `include_inactive: true` returns them all. */
export class Goals {
  constructor(private readonly ctx: DeveloperContext) {}

  list(query: ListGoalsQuery = {}, options?: RequestOptions): Promise<DeveloperGoal[]> {
    return this.ctx.request('listGoals', { query }, options);
  }

  get(id: string, options?: RequestOptions): Promise<DeveloperGoal> {
    return this.ctx.request('getGoal', { params: { goal_id: id } }, options);
  }

  /** Not idempotent: once it may have reached Omi it is never sent again. */
  create(goal: CreateGoalRequest, options?: RequestOptions): Promise<DeveloperGoal> {
    return this.ctx.request('createGoal', { body: goal }, options);
  }

  /** Only the fields sent change. */
  update(id: string, changes: UpdateGoalRequest, options?: RequestOptions): Promise<DeveloperGoal> {
    return this.ctx.request('updateGoal', { params: { goal_id: id }, body: changes }, options);
  }

  /** Records the goal's current value. */
  updateProgress(id: string, currentValue: number, options?: RequestOptions): Promise<DeveloperGoal> {
    return this.ctx.request(
      'updateGoalProgress',
      { params: { goal_id: id }, query: { current_value: currentValue } },
      options,
    );
  }

  /** The recorded values of the last `days` (default 30). */
  history(id: string, query: GoalHistoryQuery = {}, options?: RequestOptions): Promise<GoalHistoryEntry[]> {
    return this.ctx.request('listGoalHistory', { params: { goal_id: id }, query }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.ctx.request('deleteGoal', { params: { goal_id: id } }, options);
  }
}
