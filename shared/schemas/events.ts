import { z } from 'zod';
import { amountPattern } from '../domain/common/amount.js';
import { SEVERITIES } from '../domain/alerts/alerts.js';

/**
 * Notification events, version 1. Published to SNS by the stream consumer (at least once;
 * `id` is stable across redeliveries so subscribers deduplicate on it) and delivered to
 * Slack. Adding optional fields keeps version 1; renaming or removing one makes version 2.
 */
export const EVENT_SCHEMA_VERSION = 1;

export const EVENT_TYPES = [
  'budget.threshold_crossed', 'budget.threshold_resolved', 'approval.requested', 'approval.decided', 'reconciliation.drift_detected', 'budget.variance_detected', 'period.closed',
  'budget.created', 'budget.updated', 'budget.archived', 'budget.limit_exceeded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const IsoTime = z.string().datetime({ offset: false });
const DecimalString = z.string().regex(new RegExp(amountPattern({ allowNegative: true })));

export const EventBudget = z.strictObject({
  id: z.string(),
  name: z.string(),
  scope: z.strictObject({ type: z.string(), id: z.string() }),
  currency: z.string().length(3),
  enforcement: z.enum(['hard', 'soft', 'approval']),
});

export const EventPeriod = z.strictObject({
  key: z.string(),
  /** null for a lifetime budget. */
  start: IsoTime.nullable(),
  end: IsoTime.nullable(),
});

/** The period counter when the event was made: amounts in the budget's currency. */
export const EventAmounts = z.strictObject({
  limit: DecimalString,
  spent: DecimalString,
  reserved: DecimalString,
  available: DecimalString,
  utilization: z.number(),
});

const envelope = {
  /** Stable per occurrence: redeliveries and replays carry the same id. */
  id: z.string().min(1).max(200),
  version: z.literal(EVENT_SCHEMA_VERSION),
  /** When it happened (API.md "Notifications"). */
  occurredAt: IsoTime,
  tenantId: z.string(),
  budgetId: z.string(),
  severity: z.enum(SEVERITIES),
};

const thresholdData = z.strictObject({
  alertId: z.string(),
  threshold: z.number().int().positive(),
  kind: z.enum(['actual', 'forecast']),
  budget: EventBudget,
  period: EventPeriod,
  amounts: EventAmounts,
});

export const ThresholdCrossedEvent = z.strictObject({ ...envelope, type: z.literal('budget.threshold_crossed'), data: thresholdData })
  .meta({ id: 'ThresholdCrossedEvent' });
export const ThresholdResolvedEvent = z.strictObject({ ...envelope, type: z.literal('budget.threshold_resolved'), data: thresholdData })
  .meta({ id: 'ThresholdResolvedEvent' });

const approvalData = {
  approvalId: z.string(),
  reservationId: z.string(),
  amount: DecimalString,
  overrunAmount: DecimalString,
  level: z.enum(['automatic', 'manager', 'director', 'executive']),
  budget: EventBudget,
  periodKey: z.string(),
  requestedAt: IsoTime,
  expiresAt: IsoTime,
  description: z.string().nullable(),
};

export const ApprovalRequestedEvent = z.strictObject({
  ...envelope,
  type: z.literal('approval.requested'),
  data: z.strictObject(approvalData),
}).meta({ id: 'ApprovalRequestedEvent' });

export const ApprovalDecidedEvent = z.strictObject({
  ...envelope,
  type: z.literal('approval.decided'),
  data: z.strictObject({
    ...approvalData,
    status: z.enum(['approved', 'denied', 'expired']),
    decidedAt: IsoTime,
    /** The approver's key id, `system:automatic` or `system:expiry`. */
    decidedBy: z.string(),
    comment: z.string().nullable(),
  }),
}).meta({ id: 'ApprovalDecidedEvent' });

/** A reconciliation's three figures: the counter's, the ledger's, or counters − ledger. */
const ReconciledFigures = z.strictObject({ limit: DecimalString, spent: DecimalString, reserved: DecimalString });

/** Counters that the ledger does not explain: a defect, never expected (one event per budget, period and drift figures). */
export const ReconciliationDriftDetectedEvent = z.strictObject({
  ...envelope,
  type: z.literal('reconciliation.drift_detected'),
  data: z.strictObject({
    findingId: z.string(),
    budget: EventBudget,
    period: EventPeriod,
    checkedAt: IsoTime,
    counters: ReconciledFigures,
    ledger: ReconciledFigures,
    /** counters − ledger. */
    drift: ReconciledFigures,
    /** false when the counter's stored headroom (`available`) disagrees with its own figures. */
    availableCoherent: z.boolean(),
  }),
}).meta({ id: 'ReconciliationDriftDetectedEvent' });

/**
 * A `compare` budget's recorded spend is off its provider's actual spend by more than its
 * tolerance: once per budget and period until the variance moves by another tolerance step.
 */
export const BudgetVarianceDetectedEvent = z.strictObject({
  ...envelope,
  type: z.literal('budget.variance_detected'),
  data: z.strictObject({
    findingId: z.string(),
    budget: EventBudget,
    period: EventPeriod,
    checkedAt: IsoTime,
    source: z.enum(['aws-cost-explorer', 'focus']),
    /** The provider's days of the period, summed, and how many there are. */
    actual: DecimalString,
    actualDays: z.number().int().nonnegative(),
    /** When the latest of those days was imported. */
    actualsAsOf: IsoTime,
    /** The period's recorded spend (own and descendants'). */
    spent: DecimalString,
    /** actual − spent, and that in percent of spent (null when nothing is recorded). */
    variance: z.strictObject({ amount: DecimalString, percent: z.number().nullable() }),
    tolerancePercent: z.number(),
    /** Whole tolerance steps past, signed like the variance (capped at 1000). */
    step: z.number().int(),
  }),
}).meta({ id: 'BudgetVarianceDetectedEvent' });

/** A period closed (once per budget and period): its figures as frozen, and what rolled into the next one. */
export const PeriodClosedEvent = z.strictObject({
  ...envelope,
  type: z.literal('period.closed'),
  data: z.strictObject({
    budget: EventBudget,
    period: EventPeriod,
    closedAt: IsoTime,
    /** As frozen at close: holds still held count as used (`reserved`). */
    amounts: EventAmounts,
    /** The `limitDelta` of the rollover entry written into `nextPeriodKey`: signed (a carried overrun is negative), 0 when nothing rolled. */
    rolloverOut: DecimalString,
    /** The period that follows (null: custom periods, nothing follows). */
    nextPeriodKey: z.string().nullable(),
  }),
}).meta({ id: 'PeriodClosedEvent' });

/** A budget's configuration changed: its audit entry (API.md "Audit trail"), as an event. */
const budgetChangeData = z.strictObject({
  /** The audit entry this event is (`GET /v1/audit?resourceType=budget&resourceId=…`). */
  auditId: z.string(),
  /** The budget as it is when the event is made. */
  budget: EventBudget,
  actor: z.union([z.strictObject({ keyId: z.string(), name: z.string() }), z.strictObject({ system: z.string() })]),
  /** The fields that changed, as in the audit trail: amounts as decimal strings, a creation from null. */
  changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
});

export const BudgetCreatedEvent = z.strictObject({ ...envelope, type: z.literal('budget.created'), data: budgetChangeData }).meta({ id: 'BudgetCreatedEvent' });
export const BudgetUpdatedEvent = z.strictObject({ ...envelope, type: z.literal('budget.updated'), data: budgetChangeData }).meta({ id: 'BudgetUpdatedEvent' });
export const BudgetArchivedEvent = z.strictObject({ ...envelope, type: z.literal('budget.archived'), data: budgetChangeData }).meta({ id: 'BudgetArchivedEvent' });

/** A hard budget refused a hold: at most one per budget and period per hour (the refusals in between are not told). */
export const BudgetLimitExceededEvent = z.strictObject({
  ...envelope,
  type: z.literal('budget.limit_exceeded'),
  data: z.strictObject({
    budget: EventBudget,
    period: EventPeriod,
    refusedAt: IsoTime,
    /** The hold refused. */
    requested: DecimalString,
    /** The period counter as the refusal found it. */
    amounts: EventAmounts,
  }),
}).meta({ id: 'BudgetLimitExceededEvent' });

export const BudgetEvent = z
  .discriminatedUnion('type', [
    ThresholdCrossedEvent, ThresholdResolvedEvent, ApprovalRequestedEvent, ApprovalDecidedEvent, ReconciliationDriftDetectedEvent, BudgetVarianceDetectedEvent, PeriodClosedEvent,
    BudgetCreatedEvent, BudgetUpdatedEvent, BudgetArchivedEvent, BudgetLimitExceededEvent,
  ])
  .meta({ id: 'BudgetEvent', description: 'A notification event (version 1), as published to SNS: its `data` by `type`.' });
export type BudgetEvent = z.infer<typeof BudgetEvent>;
export type ThresholdEvent = z.infer<typeof ThresholdCrossedEvent> | z.infer<typeof ThresholdResolvedEvent>;
export type ApprovalRequested = z.infer<typeof ApprovalRequestedEvent>;
export type ApprovalDecided = z.infer<typeof ApprovalDecidedEvent>;
export type ReconciliationDriftDetected = z.infer<typeof ReconciliationDriftDetectedEvent>;
export type BudgetVarianceDetected = z.infer<typeof BudgetVarianceDetectedEvent>;
export type PeriodClosed = z.infer<typeof PeriodClosedEvent>;
export type BudgetChanged = z.infer<typeof BudgetCreatedEvent> | z.infer<typeof BudgetUpdatedEvent> | z.infer<typeof BudgetArchivedEvent>;
export type BudgetLimitExceeded = z.infer<typeof BudgetLimitExceededEvent>;

/** SNS message attributes: subscribers filter on these (e.g. `severity = critical`). */
export function eventMessageAttributes(event: BudgetEvent): Record<'eventType' | 'severity' | 'tenantId' | 'budgetId', string> {
  return { eventType: event.type, severity: event.severity, tenantId: event.tenantId, budgetId: event.budgetId };
}
