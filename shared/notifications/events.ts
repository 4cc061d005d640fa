import type { AlertRecord } from '../domain/alerts/alerts.js';
import { approvalRequestSeverity, type ApprovalRecord } from '../domain/money/approvals.js';
import type { BudgetRecord } from '../domain/budgets/budget.js';
import { formatAmount } from '../domain/common/amount.js';
import { utilizationPercent } from '../domain/alerts/alerts.js';
import type { CounterClose } from '../domain/money/records.js';
import { nextPeriod, periodForKey } from '../domain/periods/period.js';
import type { DriftFinding, Figures, VarianceFinding } from '../domain/reconciliation/index.js';
import {
  EVENT_SCHEMA_VERSION, type ApprovalDecided, type ApprovalRequested, type BudgetVarianceDetected, type PeriodClosed, type ReconciliationDriftDetected,
  type ThresholdEvent,
} from '../schemas/events.js';

/**
 * Events from the items that caused them. Every field comes from the stored item (never
 * from the clock), so a replayed stream record builds the very same event, id included.
 */

export function budgetOf(budget: BudgetRecord) {
  return { id: budget.id, name: budget.name, scope: { ...budget.scope }, currency: budget.currency, enforcement: budget.enforcement };
}

export function periodOf(budget: BudgetRecord, periodKey: string) {
  const window = periodForKey(budget.period, periodKey);
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  return { key: periodKey, start: iso(window?.startMs), end: iso(window?.endMs) };
}

export function thresholdEvent(type: ThresholdEvent['type'], alert: AlertRecord, budget: BudgetRecord): ThresholdEvent {
  const committedMicros = alert.spentMicros + alert.reservedMicros;
  const crossed = type === 'budget.threshold_crossed';
  return {
    id: `${alert.id}:${crossed ? 'crossed' : 'resolved'}:${alert.firedCount}`,
    version: EVENT_SCHEMA_VERSION,
    type,
    occurredAt: (crossed ? alert.triggeredAt : alert.resolvedAt) ?? new Date(0).toISOString(),
    tenantId: alert.tenantId,
    budgetId: alert.budgetId,
    // A resolution is good news whatever the threshold.
    severity: crossed ? alert.severity : 'info',
    data: {
      alertId: alert.id,
      threshold: alert.threshold,
      kind: alert.kind,
      budget: budgetOf(budget),
      period: periodOf(budget, alert.periodKey),
      amounts: {
        limit: formatAmount(alert.limitMicros),
        spent: formatAmount(alert.spentMicros),
        reserved: formatAmount(alert.reservedMicros),
        available: formatAmount(alert.limitMicros - committedMicros),
        utilization: alert.utilization,
      },
    },
  } as ThresholdEvent;
}

function approvalData(approval: ApprovalRecord, budget: BudgetRecord) {
  return {
    approvalId: approval.id,
    reservationId: approval.reservationId,
    amount: formatAmount(approval.amountMicros),
    overrunAmount: formatAmount(approval.overrunMicros),
    level: approval.level,
    budget: budgetOf(budget),
    periodKey: approval.periodKey,
    requestedAt: approval.requestedAt,
    expiresAt: new Date(approval.expiresAtMs).toISOString(),
    description: approval.description,
  };
}

export function approvalRequestedEvent(approval: ApprovalRecord, budget: BudgetRecord): ApprovalRequested {
  return {
    id: `${approval.id}:requested`,
    version: EVENT_SCHEMA_VERSION,
    type: 'approval.requested',
    occurredAt: approval.requestedAt,
    tenantId: approval.tenantId,
    budgetId: approval.budgetId,
    severity: approvalRequestSeverity(approval.level),
    data: approvalData(approval, budget),
  };
}

export function approvalDecidedEvent(approval: ApprovalRecord, budget: BudgetRecord): ApprovalDecided {
  return {
    id: `${approval.id}:decided`,
    version: EVENT_SCHEMA_VERSION,
    type: 'approval.decided',
    occurredAt: approval.decidedAt ?? approval.requestedAt,
    tenantId: approval.tenantId,
    budgetId: approval.budgetId,
    severity: 'info',
    data: {
      ...approvalData(approval, budget),
      status: approval.status as ApprovalDecided['data']['status'],
      decidedAt: approval.decidedAt ?? approval.requestedAt,
      decidedBy: approval.decidedBy ?? 'unknown',
      comment: approval.comment,
    },
  };
}

function figuresOf(figures: Figures) {
  return { limit: formatAmount(figures.limitMicros), spent: formatAmount(figures.spentMicros), reserved: formatAmount(figures.reservedMicros) };
}

/** A drift finding's event: its id is the finding's, so every delivery of the finding's insertion makes the same event. */
export function driftEvent(finding: DriftFinding, budget: BudgetRecord): ReconciliationDriftDetected {
  const checkedAt = new Date(finding.checkedAtMs).toISOString();
  return {
    id: finding.id,
    version: EVENT_SCHEMA_VERSION,
    type: 'reconciliation.drift_detected',
    occurredAt: checkedAt,
    tenantId: finding.tenantId,
    budgetId: finding.budgetId,
    // Counters the ledger does not explain are a defect, never an expected state.
    severity: 'critical',
    data: {
      findingId: finding.id,
      budget: budgetOf(budget),
      period: periodOf(budget, finding.periodKey),
      checkedAt,
      counters: figuresOf(finding.counters),
      ledger: figuresOf(finding.ledger),
      drift: figuresOf(finding.drift),
      availableCoherent: finding.availableCoherent,
    },
  };
}

/**
 * A variance past the furthest step noted since it was last within tolerance: its id names the (budget, period, revision) of the step,
 * so every delivery of the write that noted it makes the same event. The finding is noted
 * only with a day imported, so its `asOfMs` is always there.
 */
export function varianceEvent(finding: VarianceFinding, budget: BudgetRecord): BudgetVarianceDetected {
  const checkedAt = new Date(finding.checkedAtMs).toISOString();
  return {
    id: finding.id,
    version: EVENT_SCHEMA_VERSION,
    type: 'budget.variance_detected',
    occurredAt: checkedAt,
    tenantId: finding.tenantId,
    budgetId: finding.budgetId,
    severity: 'warning',
    data: {
      findingId: finding.id,
      budget: budgetOf(budget),
      period: periodOf(budget, finding.periodKey),
      checkedAt,
      source: finding.actuals.source,
      actual: formatAmount(finding.actuals.amountMicros),
      actualDays: finding.actuals.days,
      actualsAsOf: new Date(finding.actuals.asOfMs ?? finding.checkedAtMs).toISOString(),
      spent: formatAmount(finding.spentMicros),
      variance: { amount: formatAmount(finding.variance.amountMicros), percent: finding.variance.percent },
      tolerancePercent: finding.tolerancePercent,
      step: finding.variance.step,
    },
  };
}

/**
 * A period's close: the counter gains its frozen figures once (a conditional write), so the
 * change that adds them is the event, and its id names the budget and period. An overspent
 * period (negative `available` at close) is a warning; any other close is news.
 */
export function periodClosedEvent(tenantId: string, periodKey: string, close: CounterClose, budget: BudgetRecord): PeriodClosed {
  const closedAt = new Date(close.closedAtMs).toISOString();
  const availableMicros = close.limitMicros - close.spentMicros - close.reservedMicros;
  const window = periodForKey(budget.period, periodKey);
  return {
    id: `${budget.id}:${periodKey}:closed`,
    version: EVENT_SCHEMA_VERSION,
    type: 'period.closed',
    occurredAt: closedAt,
    tenantId,
    budgetId: budget.id,
    severity: availableMicros < 0n ? 'warning' : 'info',
    data: {
      budget: budgetOf(budget),
      period: periodOf(budget, periodKey),
      closedAt,
      amounts: {
        limit: formatAmount(close.limitMicros),
        spent: formatAmount(close.spentMicros),
        reserved: formatAmount(close.reservedMicros),
        available: formatAmount(availableMicros),
        utilization: utilizationPercent(close.limitMicros, close.spentMicros + close.reservedMicros),
      },
      rolloverOut: formatAmount(close.rolloverOutMicros),
      nextPeriodKey: window ? nextPeriod(budget.period, window)?.key ?? null : null,
    },
  };
}
