import type { Alert, Approval } from '../../schemas/notices.js';
import type { AlertRecord } from '../../domain/alerts/index.js';
import { formatAmount } from '../../domain/common/index.js';
import type { ApprovalRecord } from '../../domain/money/index.js';

/** An alert as API.md shows it (`clear` items never reach a view: they never fired). */
export function alertView(alert: AlertRecord): Alert {
  return {
    id: alert.id,
    budgetId: alert.budgetId,
    periodKey: alert.periodKey,
    threshold: alert.threshold,
    kind: alert.kind,
    severity: alert.severity,
    utilization: alert.utilization,
    state: alert.state === 'clear' ? 'resolved' : alert.state,
    triggeredAt: alert.triggeredAt ?? '',
    ...(alert.acknowledgedAt && { acknowledgedAt: alert.acknowledgedAt }),
    ...(alert.resolvedAt && { resolvedAt: alert.resolvedAt }),
  };
}

export function approvalView(approval: ApprovalRecord): Approval {
  return {
    id: approval.id,
    budgetId: approval.budgetId,
    reservationId: approval.reservationId,
    amount: formatAmount(approval.amountMicros),
    overrunAmount: formatAmount(approval.overrunMicros),
    level: approval.level,
    status: approval.status,
    requestedAt: approval.requestedAt,
    expiresAt: new Date(approval.expiresAtMs).toISOString(),
    ...(approval.decidedAt && { decidedAt: approval.decidedAt }),
    ...(approval.decidedBy && { decidedBy: approval.decidedBy }),
    ...(approval.comment && { comment: approval.comment }),
  };
}
