import { formatAmount } from '../../domain/common/index.js';
import type {
  BudgetStatusFigures, CheckOutcome, LedgerEntryRecord, ReservationRecord, UsageRecord, UsageSummary as UsageSummaryFigures,
} from '../../domain/money/index.js';
import type { BudgetStatus, LedgerEntry, Reservation, Usage } from '../../schemas/money.js';

/** Money as API.md shows it: amounts as exact decimal strings, times as ISO 8601 UTC. */

/** An instant as ISO 8601, or null (an unbounded period end, a period not closed). */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function reservationView(reservation: ReservationRecord): Reservation {
  return {
    id: reservation.id,
    budgetId: reservation.budgetId,
    currency: reservation.currency,
    amount: formatAmount(reservation.amountMicros),
    status: reservation.status,
    overLimit: reservation.overLimit,
    periodKey: reservation.periodKey,
    expiresAt: new Date(reservation.expiresAtMs).toISOString(),
    createdAt: reservation.createdAt,
    updatedAt: reservation.updatedAt,
    chargedAmount: reservation.chargedMicros === null ? null : formatAmount(reservation.chargedMicros),
    description: reservation.description,
    category: reservation.category,
    metadata: reservation.metadata,
    approvalId: reservation.approvalId,
  };
}

export function ledgerEntryView(entry: LedgerEntryRecord): LedgerEntry {
  return {
    id: entry.id,
    budgetId: entry.budgetId,
    type: entry.type,
    amount: formatAmount(entry.amountMicros),
    spentDelta: formatAmount(entry.spentDeltaMicros),
    reservedDelta: formatAmount(entry.reservedDeltaMicros),
    limitDelta: formatAmount(entry.limitDeltaMicros),
    ...(entry.reservationId && { reservationId: entry.reservationId }),
    ...(entry.approvalId && { approvalId: entry.approvalId }),
    ...(entry.usageId && { usageId: entry.usageId }),
    ...(entry.reason && { reason: entry.reason }),
    periodKey: entry.periodKey,
    createdAt: entry.createdAt,
    actor: entry.actor,
  };
}

export function usageView(usage: UsageRecord): Usage {
  return {
    id: usage.id,
    budgetId: usage.budgetId,
    currency: usage.currency,
    amount: formatAmount(usage.amountMicros),
    occurredAt: usage.occurredAt,
    periodKey: usage.periodKey,
    category: usage.category,
    provider: usage.provider,
    source: usage.source,
    description: usage.description,
    reference: usage.reference,
    metadata: usage.metadata,
    createdAt: usage.createdAt,
  };
}

export function statusView(status: BudgetStatusFigures): BudgetStatus {
  return {
    budgetId: status.budgetId,
    currency: status.currency,
    period: { key: status.period.key, start: isoOrNull(status.period.startMs), end: isoOrNull(status.period.endMs) },
    limit: formatAmount(status.limitMicros),
    spent: formatAmount(status.spentMicros),
    reserved: formatAmount(status.reservedMicros),
    available: formatAmount(status.availableMicros),
    utilization: status.utilization,
    state: status.state,
    thresholdsCrossed: status.thresholdsCrossed,
    asOf: new Date(status.asOfMs).toISOString(),
  };
}

export function checkView(outcome: CheckOutcome) {
  return {
    allowed: outcome.allowed,
    decision: outcome.decision,
    results: outcome.results.map((result) => ({
      budgetId: result.budgetId,
      available: formatAmount(result.availableMicros),
      enforcement: result.enforcement,
      wouldExceed: result.wouldExceed,
      action: result.action,
    })),
  };
}

export function usageSummaryView(summary: UsageSummaryFigures) {
  return {
    total: formatAmount(summary.totalMicros),
    count: summary.count,
    groups: summary.groups.map((group) => ({ key: group.key, amount: formatAmount(group.amountMicros), count: group.count })),
  };
}
