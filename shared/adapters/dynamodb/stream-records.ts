import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CounterSnapshot } from '../../domain/alerts/index.js';
import { toMicros } from '../../domain/common/index.js';
import type { EntityChange } from '../../notifications/stream-consumer.js';
import { alertFrom } from './alert-store.js';
import { entryFromItem } from './audit-store.js';
import { limitNoticeFrom } from './money/limit-notices.js';
import { approvalFrom } from './approval-store.js';
import { readNumber } from './client.js';
import { counterFrom } from './money/codecs.js';
import { driftFrom, varianceFindingFrom } from './reconciliation-store.js';
import { STREAM_CONSUMER_ENTITIES } from './stream-filter.js';

/** A DynamoDB stream record as Lambda delivers it (and as the local poller rebuilds it). */
export interface StreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    SequenceNumber?: string;
    NewImage?: Record<string, AttributeValue> | Record<string, unknown>;
    OldImage?: Record<string, AttributeValue> | Record<string, unknown>;
  };
}

type Image = Record<string, unknown>;

const image = (raw: unknown): Image | undefined =>
  raw ? unmarshall(raw as Record<string, AttributeValue>, { wrapNumbers: readNumber }) : undefined;

const labelOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function counterSnapshot(item: Image): CounterSnapshot {
  return {
    tenantId: String(item.tenantId),
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    limitMicros: toMicros(item.baseLimitMicros ?? 0) + toMicros(item.limitDeltaMicros ?? 0),
    spentMicros: toMicros(item.spentMicros ?? 0),
    reservedMicros: toMicros(item.reservedMicros ?? 0),
    movementCount: Number(item.movementCount ?? 0),
    spentAtMs: item.spentAtMs === undefined ? null : Number(item.spentAtMs),
    spentLabels: { category: labelOf(item.spentCategory), provider: labelOf(item.spentProvider) },
  };
}

/**
 * What a stream record says changed, as domain records: a counter, an alert, an approval or
 * a drift finding, a variance step (before and after), or nothing the consumer acts on (a removal, another entity).
 */
export function decodeStreamRecord(record: StreamRecord): EntityChange | undefined {
  const after = image(record.dynamodb?.NewImage);
  if (!after || !(STREAM_CONSUMER_ENTITIES as readonly unknown[]).includes(after.entity)) return undefined;
  const before = image(record.dynamodb?.OldImage);
  switch (after.entity) {
    case 'counter': {
      // The close writes the frozen figures once: the change that adds them closed the period.
      const closed = after.closedAtMs !== undefined && before?.closedAtMs === undefined ? counterFrom(after).closed ?? undefined : undefined;
      return { entity: 'counter', before: before && counterSnapshot(before), after: counterSnapshot(after), ...(closed && { closed }) };
    }
    case 'alert':
      return { entity: 'alert', before: before && alertFrom(before), after: alertFrom(after) };
    case 'drift':
      return { entity: 'drift', before: before && driftFrom(before), after: driftFrom(after) };
    case 'variance':
      return { entity: 'variance', before: before && varianceFindingFrom(before), after: varianceFindingFrom(after) };
    case 'audit':
      // Entries are only ever created: anything else is no news.
      return before ? undefined : { entity: 'audit', entry: entryFromItem(after) };
    case 'limitNotice':
      return { entity: 'limitNotice', notice: limitNoticeFrom(after) };
    default:
      return { entity: 'approval', before: before && approvalFrom(before), after: approvalFrom(after) };
  }
}
