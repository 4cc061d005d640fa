import { auditEntry, changedFields, type AuditContext, type AuditEntry } from '../audit/audit.js';
import { AUDITED_BUDGET_FIELDS, type BudgetRecord } from './budget.js';

/** The audit entry of a budget write: created, archived, or updated (what changed, moves included). */
export function budgetAudit(context: AuditContext, nowMs: number, before: BudgetRecord | undefined, after: BudgetRecord): AuditEntry {
  const action = !before ? 'budget.created' : after.status === 'archived' && before.status !== 'archived' ? 'budget.archived' : 'budget.updated';
  return auditEntry(context, nowMs, {
    tenantId: after.tenantId, action, resourceType: 'budget', resourceId: after.id, changes: changedFields(before, after, AUDITED_BUDGET_FIELDS),
  });
}
