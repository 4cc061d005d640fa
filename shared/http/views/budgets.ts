import type { BudgetRecord } from '../../domain/budgets/index.js';
import { formatAmount } from '../../domain/common/index.js';
import type { Budget } from '../../schemas/budgets.js';

/** The budget as the API shows it. */
export function budgetView(budget: BudgetRecord): Budget {
  return {
    id: budget.id,
    name: budget.name,
    description: budget.description,
    scope: budget.scope,
    parentId: budget.parentId,
    currency: budget.currency,
    limit: formatAmount(budget.limitMicros),
    period: {
      type: budget.period.type,
      timezone: budget.period.timezone,
      startsAt: budget.period.startsAt,
      endsAt: budget.period.endsAt,
    },
    enforcement: budget.enforcement,
    thresholds: budget.thresholds,
    forecastThresholds: budget.forecastThresholds,
    rollover: { enabled: budget.rollover.enabled, max: budget.rollover.maxMicros === null ? null : formatAmount(budget.rollover.maxMicros), overspend: budget.rollover.overspend },
    approvalPolicy: budget.approvalPolicy,
    categories: budget.categories.map((category) => ({ name: category.name, limit: formatAmount(category.limitMicros) })),
    tags: budget.tags,
    costSource: budget.costSource,
    status: budget.status,
    version: budget.version,
    createdAt: budget.createdAt,
    updatedAt: budget.updatedAt,
  };
}
