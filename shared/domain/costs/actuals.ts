import type { BudgetStore } from '../budgets/ports.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { ActualDayRecord, MoneyStore } from '../money/index.js';

/** Days `GET /v1/budgets/{id}/actuals` shows without a range: the last 90. */
export const DEFAULT_ACTUALS_DAYS = 90;
const DAY_MS = 86_400_000;

/** A budget's imported provider days (API.md "Cost actuals"): the last figure of each, with its revision. */
export class ActualsReader {
  constructor(private readonly deps: { budgets: Pick<BudgetStore, 'get'>; money: Pick<MoneyStore, 'actualDays'>; nowMs: () => number }) {}

  async days(tenantId: string, budgetId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<ActualDayRecord[]> {
    if (!(await this.deps.budgets.get(tenantId, budgetId))) throw new NotFoundError('Budget', budgetId);
    const to = range.to ?? new Date(this.deps.nowMs()).toISOString().slice(0, 10);
    const from = range.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_ACTUALS_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    if (from > to) throw new ValidationError([{ pointer: range.from === undefined ? '/query/to' : '/query/from', detail: `the range ends (${to}) before it starts (${from})` }]);
    return this.deps.money.actualDays(tenantId, budgetId, from, to);
  }
}
