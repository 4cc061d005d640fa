import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { toMicros } from '../../../domain/common/index.js';
import { LIMIT_EXCEEDED_QUIET_MS, type LimitExceededNotice } from '../../../domain/money/index.js';
import type { TableContext } from '../client.js';
import { keys } from '../keys.js';

export const LIMIT_NOTICE_ENTITY = 'limitNotice';
/** A notice outlives its quiet hour by a day, then goes (TTL): the next refusal after that notes afresh. */
const NOTICE_TTL_SECONDS = LIMIT_EXCEEDED_QUIET_MS / 1000 + 86_400;

/**
 * The (budget, period) notice is replaced only when the one stored is an hour old: each
 * replacement is a stream record, and so one event, however many processes refuse at once.
 */
export async function noteLimitExceeded(table: TableContext, notice: LimitExceededNotice): Promise<{ notedAtMs: number }> {
  try {
    await table.client.send(new PutCommand({
      TableName: table.tableName,
      Item: {
        pk: keys.budgetMoneyPk(notice.tenantId, notice.budgetId), sk: keys.limitExceededSk(notice.periodKey), entity: LIMIT_NOTICE_ENTITY,
        ...notice, ttl: Math.floor(notice.refusedAtMs / 1000) + NOTICE_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR refusedAtMs <= :quietUntil',
      ExpressionAttributeValues: { ':quietUntil': notice.refusedAtMs - LIMIT_EXCEEDED_QUIET_MS },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return { notedAtMs: notice.refusedAtMs };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { notedAtMs: Number(unmarshall(error.Item ?? {}).refusedAtMs ?? notice.refusedAtMs) };
    throw error;
  }
}

export function limitNoticeFrom(item: Record<string, unknown>): LimitExceededNotice {
  return {
    tenantId: String(item.tenantId),
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    refusedAtMs: Number(item.refusedAtMs),
    requestedMicros: toMicros(item.requestedMicros),
    limitMicros: toMicros(item.limitMicros),
    availableMicros: toMicros(item.availableMicros),
    reservedMicros: toMicros(item.reservedMicros),
  };
}
