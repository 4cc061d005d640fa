import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../../domain/common/ports.js';
import type { ClosingSchedule, CounterRecord, PeriodCloseWrite } from '../../../domain/money/index.js';
import type { TableContext } from '../client.js';
import { dueItems, expiryShardOf } from '../expiry-index.js';
import { keys } from '../keys.js';
import { queryPage } from '../pagination.js';
import { GSI2 } from '../table.js';
import type { TransactItem } from '../transact.js';
import { counterFrom, counterKey } from './codecs.js';

/**
 * Period close in the table. Each budget with periods to close has one schedule item in its
 * money partition (`CLOSING`): the period that closes next and when it ends. The item sits in
 * gsi2 under `CLOSING#<shard>` sorted by that end, so the close job reads what is due from
 * 32 small index partitions (the same sharding as the expiry index), never a scan; a budget
 * appears there once, whatever its number of periods, and is written once per period.
 */

export function closingScheduleItem(schedule: ClosingSchedule): Record<string, unknown> {
  return {
    pk: keys.budgetMoneyPk(schedule.tenantId, schedule.budgetId),
    sk: keys.closingSk(),
    entity: 'closing',
    ...schedule,
    [GSI2.partitionKey]: keys.closingByDuePk(expiryShardOf(schedule.budgetId)),
    [GSI2.sortKey]: keys.closingByDueSk(schedule.dueAtMs, schedule.tenantId, schedule.budgetId),
  };
}

function scheduleFrom(item: Record<string, unknown>): ClosingSchedule {
  return { tenantId: String(item.tenantId), budgetId: String(item.budgetId), periodKey: String(item.periodKey), dueAtMs: Number(item.dueAtMs) };
}

/**
 * The two items of a close, each conditioned on what the closer read: the counter frozen
 * (still at the movement count its figures were read at, not closed yet; created when the
 * period had no counter), and the schedule moved to the next period (still at this one).
 */
export function periodCloseItems(table: TableContext, write: PeriodCloseWrite): TransactItem[] {
  const { close } = write;
  const counter: TransactItem = {
    Update: {
      TableName: table.tableName,
      Key: counterKey(write.tenantId, { budgetId: write.budgetId, periodKey: write.periodKey }),
      UpdateExpression: 'SET closedAtMs = :closedAt, closedLimitMicros = :limit, closedSpentMicros = :spent, closedReservedMicros = :reserved, '
        + 'closedUnheldSpentMicros = :unheld, rolloverOutMicros = :out, entity = :entity, tenantId = :tenantId, budgetId = :budgetId, periodKey = :periodKey, '
        + 'baseLimitMicros = if_not_exists(baseLimitMicros, :base), limitMicros = if_not_exists(limitMicros, :base), '
        + 'availableMicros = if_not_exists(availableMicros, :base), budgetVersion = if_not_exists(budgetVersion, :version)',
      ConditionExpression: write.seenMovementCount === null
        ? 'attribute_not_exists(pk)'
        : 'attribute_not_exists(closedAtMs) AND ' + (write.seenMovementCount === 0 ? '(attribute_not_exists(movementCount) OR movementCount = :seen)' : 'movementCount = :seen'),
      ExpressionAttributeValues: {
        ':closedAt': close.closedAtMs, ':limit': close.limitMicros, ':spent': close.spentMicros, ':reserved': close.reservedMicros,
        ':unheld': close.unheldSpentMicros,
        ':out': close.rolloverOutMicros, ':entity': 'counter', ':tenantId': write.tenantId, ':budgetId': write.budgetId,
        ':periodKey': write.periodKey, ':base': write.baseLimitMicros, ':version': write.budgetVersion,
        ...(write.seenMovementCount !== null && { ':seen': write.seenMovementCount }),
      },
    },
  };
  const seen = write.scheduleSeen;
  const scheduleCondition = seen === null ? 'attribute_not_exists(pk)' : 'periodKey = :seenKey';
  const seenValues = seen === null ? {} : { ':seenKey': seen.periodKey };
  const schedule: TransactItem = write.scheduleNext
    ? { Put: { TableName: table.tableName, Item: closingScheduleItem(write.scheduleNext), ConditionExpression: scheduleCondition, ...(seen && { ExpressionAttributeValues: seenValues }) } }
    : {
      Delete: {
        TableName: table.tableName,
        Key: { pk: keys.budgetMoneyPk(write.tenantId, write.budgetId), sk: keys.closingSk() },
        ConditionExpression: seen === null ? 'attribute_not_exists(pk)' : scheduleCondition,
        ...(seen && { ExpressionAttributeValues: seenValues }),
      },
    };
  return [counter, schedule];
}

export async function closingSchedule(table: TableContext, tenantId: string, budgetId: string): Promise<ClosingSchedule | undefined> {
  const answer = await table.client.send(new GetCommand({
    TableName: table.tableName, Key: { pk: keys.budgetMoneyPk(tenantId, budgetId), sk: keys.closingSk() }, ConsistentRead: true,
  }));
  return answer.Item ? scheduleFrom(answer.Item) : undefined;
}

export function dueClosings(table: TableContext, nowMs: number, limit: number): Promise<ClosingSchedule[]> {
  // A period's end is exclusive: at its end it has ended (the index is read strictly before the bound).
  return dueItems(table, keys.closingByDuePk, nowMs + 1, { limit }, (item) => ({ ...scheduleFrom(item), expiresAtMs: Number(item.dueAtMs) }))
    .then((found) => found.map(({ expiresAtMs: _due, ...schedule }) => schedule));
}

export function periodCounters(table: TableContext, tenantId: string, budgetId: string, limit: number, cursor: string | undefined): Promise<Page<CounterRecord>> {
  return queryPage(table, {
    tenantId, queryIdentity: ['periods', budgetId], limit, cursor,
    input: {
      TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ScanIndexForward: false,
      ExpressionAttributeValues: { ':pk': keys.budgetMoneyPk(tenantId, budgetId), ':prefix': keys.counterPrefix() },
    },
    parse: counterFrom,
  });
}
