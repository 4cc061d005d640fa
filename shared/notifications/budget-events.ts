import { utilizationPercent } from '../domain/alerts/alerts.js';
import type { AuditEntry } from '../domain/audit/audit.js';
import type { BudgetRecord } from '../domain/budgets/budget.js';
import { formatAmount } from '../domain/common/amount.js';
import type { LimitExceededNotice } from '../domain/money/index.js';
import { EVENT_SCHEMA_VERSION, type BudgetChanged, type BudgetLimitExceeded } from '../schemas/events.js';
import { budgetOf, periodOf } from './events.js';

/** The audit actions that are budget events: the rest of the trail is not published. */
export const BUDGET_CHANGE_ACTIONS = ['budget.created', 'budget.updated', 'budget.archived'] as const satisfies ReadonlyArray<BudgetChanged['type']>;

export const isBudgetChange = (entry: AuditEntry): entry is AuditEntry & { action: BudgetChanged['type'] } =>
  (BUDGET_CHANGE_ACTIONS as readonly string[]).includes(entry.action);

/**
 * A budget created, updated or archived: the audit entry written in the change's own
 * transaction is the outbox item, so the event exists exactly when the change does; its id is
 * the entry's. The budget's name and scope are read as they are when the event is made.
 */
export function budgetChangeEvent(entry: AuditEntry & { action: BudgetChanged['type'] }, budget: BudgetRecord): BudgetChanged {
  return {
    id: entry.id,
    version: EVENT_SCHEMA_VERSION,
    type: entry.action,
    occurredAt: entry.at,
    tenantId: entry.tenantId,
    budgetId: entry.resourceId,
    severity: 'info',
    data: { auditId: entry.id, budget: budgetOf(budget), actor: entry.actor, changes: entry.changes },
  };
}

/** A hard budget's refusal, noted at most once an hour per period: the notice's time names the event. */
export function limitExceededEvent(notice: LimitExceededNotice, budget: BudgetRecord): BudgetLimitExceeded {
  const refusedAt = new Date(notice.refusedAtMs).toISOString();
  const spentMicros = notice.limitMicros - notice.availableMicros - notice.reservedMicros;
  return {
    id: `${notice.budgetId}:${notice.periodKey}:limit_exceeded:${notice.refusedAtMs}`,
    version: EVENT_SCHEMA_VERSION,
    type: 'budget.limit_exceeded',
    occurredAt: refusedAt,
    tenantId: notice.tenantId,
    budgetId: notice.budgetId,
    severity: 'warning',
    data: {
      budget: budgetOf(budget),
      period: periodOf(budget, notice.periodKey),
      refusedAt,
      requested: formatAmount(notice.requestedMicros),
      amounts: {
        limit: formatAmount(notice.limitMicros),
        spent: formatAmount(spentMicros),
        reserved: formatAmount(notice.reservedMicros),
        available: formatAmount(notice.availableMicros),
        utilization: utilizationPercent(notice.limitMicros, notice.limitMicros - notice.availableMicros),
      },
    },
  };
}
