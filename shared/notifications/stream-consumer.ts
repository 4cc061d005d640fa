import { crossings, type AlertRecord, type AlertStore, type CounterSnapshot } from '../domain/alerts/index.js';
import type { BudgetRecord, BudgetStore } from '../domain/budgets/index.js';
import type { AuditEntry } from '../domain/audit/audit.js';
import type { ApprovalRecord, CounterClose, LimitExceededNotice } from '../domain/money/index.js';
import type { SpendHistoryStore } from '../domain/forecasting/spend-history.js';
import { periodContaining } from '../domain/periods/period.js';
import type { SpendBreakdownStore } from '../domain/reports/spend-breakdown.js';
import type { DriftFinding, VarianceFinding } from '../domain/reconciliation/index.js';
import { logger } from '../observability/logger.js';
import type { MetricsSink } from '../observability/metrics.js';
import type { BudgetEvent } from '../schemas/events.js';
import { approvalDecidedEvent, approvalRequestedEvent, driftEvent, periodClosedEvent, thresholdEvent, varianceEvent } from './events.js';
import type { EventPublisher } from './ports.js';
import { budgetChangeEvent, isBudgetChange, limitExceededEvent } from './budget-events.js';

/** What one stream record says changed, decoded by the store's adapter into domain records. */
export type EntityChange =
  /** `closed`: this change closed the period (the counter gained its frozen figures). */
  | { entity: 'counter'; before: CounterSnapshot | undefined; after: CounterSnapshot; closed?: CounterClose }
  | { entity: 'alert'; before: AlertRecord | undefined; after: AlertRecord }
  | { entity: 'approval'; before: ApprovalRecord | undefined; after: ApprovalRecord }
  | { entity: 'drift'; before: DriftFinding | undefined; after: DriftFinding }
  | { entity: 'variance'; before: VarianceFinding | undefined; after: VarianceFinding }
  /** A new audit entry: a budget's is a budget event (the entry is written in the change's own transaction). */
  | { entity: 'audit'; entry: AuditEntry }
  /** A hard budget's refusal noted (once an hour per budget and period at most, by the note's condition). */
  | { entity: 'limitNotice'; notice: LimitExceededNotice };

export interface StreamConsumerDeps<R> {
  budgets: BudgetStore;
  alerts: AlertStore;
  history: SpendHistoryStore;
  breakdown: SpendBreakdownStore;
  publisher: EventPublisher;
  /** The stream's record format → a change (undefined: nothing to do); it may throw on a record it cannot read. */
  decode: (record: R) => EntityChange | undefined;
  /** Where Lambda resumes after a failure (ReportBatchItemFailures). */
  sequenceNumberOf: (record: R) => string | undefined;
  nowMs?: () => number;
  /** `AlertDelay` of each event published; none records nothing. */
  metrics?: MetricsSink;
}

type BudgetLookup = (tenantId: string, budgetId: string) => Promise<BudgetRecord | undefined>;

/**
 * The work that follows a write (the outbox pattern): a counter change that crosses a
 * threshold fires or resolves the alert (a conditional write, so exactly once however
 * often the record comes); an alert or approval change, a period's close, a drift finding
 * and a variance step past the tolerance become events for SNS. Stream
 * delivery is at least once, so every step is idempotent: alerts by condition, events by
 * their stable id (deduplicated by the subscriber).
 */
export class StreamConsumer<R> {
  private readonly nowMs: () => number;

  constructor(private readonly deps: StreamConsumerDeps<R>) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /**
   * Handles the records in order and stops at the first failure: its sequence number is
   * returned, so Lambda retries from there (ReportBatchItemFailures) and per-item order holds.
   */
  async consume(records: readonly R[]): Promise<{ failedSequenceNumber?: string }> {
    // A busy budget's records come many to a batch: its budget item is read once per batch.
    const budgets = new Map<string, Promise<BudgetRecord | undefined>>();
    const budgetOf: BudgetLookup = (tenantId, budgetId) => {
      const key = `${tenantId}#${budgetId}`;
      if (!budgets.has(key)) budgets.set(key, this.deps.budgets.get(tenantId, budgetId));
      return budgets.get(key)!;
    };
    for (const record of records) {
      try {
        await this.handle(record, budgetOf);
      } catch (error) {
        const sequenceNumber = this.deps.sequenceNumberOf(record);
        logger.error('stream record failed', { error, sequenceNumber });
        return { failedSequenceNumber: sequenceNumber ?? '' };
      }
    }
    return {};
  }

  private async handle(record: R, budgetOf: BudgetLookup): Promise<void> {
    const change = this.deps.decode(record);
    if (change?.entity === 'counter') {
      await this.spendMoved(change.before, change.after, budgetOf);
      await this.counterChanged(change.before, change.after, budgetOf);
      if (change.closed) await this.periodClosed(change.after, change.closed, budgetOf);
    }
    else if (change?.entity === 'alert') await this.alertChanged(change.before, change.after, budgetOf);
    else if (change?.entity === 'approval') await this.approvalChanged(change.before, change.after, budgetOf);
    else if (change?.entity === 'drift' && !change.before) await this.driftFound(change.after, budgetOf);
    else if (change?.entity === 'variance') await this.varianceNoted(change.before, change.after, budgetOf);
    else if (change?.entity === 'audit') await this.audited(change.entry, budgetOf);
    else if (change?.entity === 'limitNotice') await this.limitExceeded(change.notice, budgetOf);
  }

  private async audited(entry: AuditEntry, budgetOf: BudgetLookup): Promise<void> {
    if (!isBudgetChange(entry)) return;
    const budget = await budgetOf(entry.tenantId, entry.resourceId);
    if (!budget) return;
    await this.publish(budgetChangeEvent(entry, budget));
  }

  private async limitExceeded(notice: LimitExceededNotice, budgetOf: BudgetLookup): Promise<void> {
    const budget = await budgetOf(notice.tenantId, notice.budgetId);
    if (!budget) return;
    await this.publish(limitExceededEvent(notice, budget));
  }

  /**
   * A change of spent goes to the daily history, on the local day its spend happened (backdated
   * usage on its own day), and to the period's breakdown under its category and provider.
   */
  private async spendMoved(before: CounterSnapshot | undefined, after: CounterSnapshot, budgetOf: BudgetLookup): Promise<void> {
    const spentDeltaMicros = after.spentMicros - (before?.spentMicros ?? 0n);
    if (spentDeltaMicros === 0n) return;
    const { tenantId, budgetId, periodKey, movementCount } = after;
    await this.deps.breakdown.add({
      tenantId, budgetId, periodKey, movementCount, spentDeltaMicros, category: after.spentLabels?.category ?? null, provider: after.spentLabels?.provider ?? null,
    });
    if (after.spentAtMs === null) {
      logger.warn('spend without its time, left out of the daily history', { budgetId: after.budgetId, periodKey: after.periodKey, movementCount: after.movementCount });
      return;
    }
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    const day = periodContaining({ type: 'daily', timezone: budget.period.timezone }, after.spentAtMs)!;
    await this.deps.history.add({
      tenantId: after.tenantId, budgetId: after.budgetId, date: day.key, periodKey: after.periodKey, movementCount: after.movementCount, spentDeltaMicros,
    });
  }

  private async counterChanged(before: CounterSnapshot | undefined, after: CounterSnapshot, budgetOf: BudgetLookup): Promise<void> {
    if (before && before.limitMicros === after.limitMicros && before.spentMicros + before.reservedMicros === after.spentMicros + after.reservedMicros) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    const { up, down } = crossings(before, after, budget.thresholds);
    for (const threshold of up) await this.deps.alerts.fire(after, threshold, 'actual', this.nowMs());
    for (const threshold of down) await this.deps.alerts.resolve(after, threshold, 'actual', this.nowMs());
  }

  private async alertChanged(before: AlertRecord | undefined, after: AlertRecord, budgetOf: BudgetLookup): Promise<void> {
    const fired = after.state === 'active' && after.firedCount > (before?.firedCount ?? 0);
    const resolved = after.state === 'resolved' && (before?.state === 'active' || before?.state === 'acknowledged');
    if (!fired && !resolved) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    await this.publish(thresholdEvent(fired ? 'budget.threshold_crossed' : 'budget.threshold_resolved', after, budget));
  }

  private async approvalChanged(before: ApprovalRecord | undefined, after: ApprovalRecord, budgetOf: BudgetLookup): Promise<void> {
    const requested = after.status === 'pending' && !before;
    const decided = after.status !== 'pending' && before?.status !== after.status;
    if (!requested && !decided) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    await this.publish(requested ? approvalRequestedEvent(after, budget) : approvalDecidedEvent(after, budget));
  }

  private async periodClosed(counter: CounterSnapshot, close: CounterClose, budgetOf: BudgetLookup): Promise<void> {
    const budget = await budgetOf(counter.tenantId, counter.budgetId);
    if (!budget) return;
    await this.publish(periodClosedEvent(counter.tenantId, counter.periodKey, close, budget));
  }

  /** A finding is inserted once (keyed by its figures), so its insertion is the event; an update of it is none. */
  private async driftFound(finding: DriftFinding, budgetOf: BudgetLookup): Promise<void> {
    const budget = await budgetOf(finding.tenantId, finding.budgetId);
    if (!budget) return;
    await this.publish(driftEvent(finding, budget));
  }

  /** A revision of the period's variance that moves its furthest step to one past the tolerance (not 0) is the event. */
  private async varianceNoted(before: VarianceFinding | undefined, after: VarianceFinding, budgetOf: BudgetLookup): Promise<void> {
    if (after.peakStep === 0 || after.peakStep === (before?.peakStep ?? 0)) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    await this.publish(varianceEvent(after, budget));
  }

  /**
   * The delay runs from the event's `occurredAt` (the write that made it: an alert fired, an
   * approval requested, a period closed) to its publication, so it includes the stream's lag
   * and any retries; a redelivered record measures again, late as it is.
   */
  private async publish(event: BudgetEvent): Promise<void> {
    await this.deps.publisher.publish(event);
    const writtenAtMs = Date.parse(event.occurredAt);
    // A time of 0 stands for an alert without its timestamp (events.ts): no delay to measure.
    if (writtenAtMs > 0) this.deps.metrics?.add('alertDelayMs', Math.max(0, this.nowMs() - writtenAtMs));
    logger.info('event published', { eventId: event.id, type: event.type, tenantId: event.tenantId, budgetId: event.budgetId });
  }
}
