import { auditEntry, type AuditContext } from '../audit/audit.js';
import { LIMITS } from '../common/limits.js';
import type { AlertQuery, AlertRecord } from './alerts.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import type { AlertStore } from './ports.js';
import type { BudgetStore } from '../budgets/ports.js';
import type { Page } from '../common/ports.js';

/** Reading and acknowledging alerts; they are created and resolved by the stream consumer. */
export class AlertService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: { alerts: AlertStore; budgets: BudgetStore; nowMs?: () => number }) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  async list(tenantId: string, query: AlertQuery): Promise<Page<AlertRecord>> {
    return this.deps.alerts.list(tenantId, {
      ...(query.budgetId && { budgetId: query.budgetId }),
      ...(query.state && { state: query.state }),
    }, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  async listForBudget(tenantId: string, budgetId: string, query: Omit<AlertQuery, 'budgetId'>): Promise<Page<AlertRecord>> {
    if (!(await this.deps.budgets.get(tenantId, budgetId))) throw new NotFoundError('Budget', budgetId);
    return this.list(tenantId, { ...query, budgetId });
  }

  async acknowledge(tenantId: string, alertId: string, audit: AuditContext): Promise<AlertRecord> {
    const nowMs = this.nowMs();
    const entry = auditEntry(audit, nowMs, {
      tenantId, action: 'alert.acknowledged', resourceType: 'alert', resourceId: alertId, changes: { state: { from: 'active', to: 'acknowledged' } },
    });
    const acknowledged = await this.deps.alerts.acknowledge(tenantId, alertId, nowMs, entry);
    if (acknowledged) return acknowledged;
    const alert = await this.deps.alerts.get(tenantId, alertId);
    if (!alert) throw new NotFoundError('Alert', alertId);
    throw new ConflictError(`Alert ${alertId} is ${alert.state}: only an active alert can be acknowledged.`);
  }
}
