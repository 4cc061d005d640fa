import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { crossings, type CounterSnapshot } from '../domain/alerts/alerts.js';
import { toMicros } from '../domain/common/amount.js';
import type { BudgetRecord } from '../domain/budgets/budget.js';
import type { AlertStore } from '../domain/alerts/ports.js';
import type { BudgetStore } from '../domain/budgets/ports.js';
import { readNumber } from '../adapters/dynamodb/client.js';
import { alertFrom } from '../adapters/dynamodb/alert-store.js';
import { approvalFrom } from '../adapters/dynamodb/approval-store.js';
import { STREAM_CONSUMER_ENTITIES } from '../adapters/dynamodb/stream-filter.js';
import { logger } from '../logger.js';
import type { BudgetEvent } from '../schemas/events.js';
import { approvalDecidedEvent, approvalRequestedEvent, thresholdEvent } from './events.js';
import type { EventPublisher } from './ports.js';

/** A DynamoDB stream record as Lambda delivers it (and as the local poller rebuilds it). */
export interface StreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    SequenceNumber?: string;
    NewImage?: Record<string, AttributeValue> | Record<string, unknown>;
    OldImage?: Record<string, AttributeValue> | Record<string, unknown>;
  };
}

export interface StreamConsumerDeps {
  budgets: BudgetStore;
  alerts: AlertStore;
  publisher: EventPublisher;
  nowMs?: () => number;
}

type Image = Record<string, unknown>;
type BudgetLookup = (tenantId: string, budgetId: string) => Promise<BudgetRecord | undefined>;

const image = (raw: unknown): Image | undefined =>
  raw ? unmarshall(raw as Record<string, AttributeValue>, { wrapNumbers: readNumber }) : undefined;

function counterSnapshot(item: Image): CounterSnapshot {
  return {
    tenantId: String(item.tenantId),
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    limitMicros: toMicros(item.baseLimitMicros ?? 0) + toMicros(item.limitDeltaMicros ?? 0),
    spentMicros: toMicros(item.spentMicros ?? 0),
    reservedMicros: toMicros(item.reservedMicros ?? 0),
    movementCount: Number(item.movementCount ?? 0),
  };
}

/**
 * The work that follows a write (the outbox pattern): a counter change that crosses a
 * threshold fires or resolves the alert (a conditional write, so exactly once however
 * often the record comes); an alert or approval change becomes an event for SNS. Stream
 * delivery is at least once, so every step is idempotent: alerts by condition, events by
 * their stable id (deduplicated by the subscriber).
 */
export class StreamConsumer {
  private readonly nowMs: () => number;

  constructor(private readonly deps: StreamConsumerDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /**
   * Handles the records in order and stops at the first failure: its sequence number is
   * returned, so Lambda retries from there (ReportBatchItemFailures) and per-item order holds.
   */
  async consume(records: readonly StreamRecord[]): Promise<{ failedSequenceNumber?: string }> {
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
        logger.error('stream record failed', { error, sequenceNumber: record.dynamodb?.SequenceNumber });
        return { failedSequenceNumber: record.dynamodb?.SequenceNumber ?? '' };
      }
    }
    return {};
  }

  private async handle(record: StreamRecord, budgetOf: BudgetLookup): Promise<void> {
    const after = image(record.dynamodb?.NewImage);
    if (!after || !(STREAM_CONSUMER_ENTITIES as readonly unknown[]).includes(after.entity)) return;
    const before = image(record.dynamodb?.OldImage);
    if (after.entity === 'counter') await this.counterChanged(before, after, budgetOf);
    else if (after.entity === 'alert') await this.alertChanged(before, after, budgetOf);
    else if (after.entity === 'approval') await this.approvalChanged(before, after, budgetOf);
  }

  private async counterChanged(beforeItem: Image | undefined, afterItem: Image, budgetOf: BudgetLookup): Promise<void> {
    const before = beforeItem && counterSnapshot(beforeItem);
    const after = counterSnapshot(afterItem);
    if (before && before.limitMicros === after.limitMicros && before.spentMicros + before.reservedMicros === after.spentMicros + after.reservedMicros) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    const { up, down } = crossings(before, after, budget.thresholds);
    for (const threshold of up) await this.deps.alerts.fire(after, threshold, 'actual', this.nowMs());
    for (const threshold of down) await this.deps.alerts.resolve(after, threshold, 'actual', this.nowMs());
  }

  private async alertChanged(beforeItem: Image | undefined, afterItem: Image, budgetOf: BudgetLookup): Promise<void> {
    const after = alertFrom(afterItem);
    const before = beforeItem && alertFrom(beforeItem);
    const fired = after.state === 'active' && after.firedCount > (before?.firedCount ?? 0);
    const resolved = after.state === 'resolved' && (before?.state === 'active' || before?.state === 'acknowledged');
    if (!fired && !resolved) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    await this.publish(thresholdEvent(fired ? 'budget.threshold_crossed' : 'budget.threshold_resolved', after, budget));
  }

  private async approvalChanged(beforeItem: Image | undefined, afterItem: Image, budgetOf: BudgetLookup): Promise<void> {
    const after = approvalFrom(afterItem);
    const before = beforeItem && approvalFrom(beforeItem);
    const requested = after.status === 'pending' && !before;
    const decided = after.status !== 'pending' && before?.status !== after.status;
    if (!requested && !decided) return;
    const budget = await budgetOf(after.tenantId, after.budgetId);
    if (!budget) return;
    await this.publish(requested ? approvalRequestedEvent(after, budget) : approvalDecidedEvent(after, budget));
  }

  private async publish(event: BudgetEvent): Promise<void> {
    await this.deps.publisher.publish(event);
    logger.info('event published', { eventId: event.id, type: event.type, tenantId: event.tenantId, budgetId: event.budgetId });
  }
}
