import type { BudgetRecord, CounterStamp } from '../../domain/budgets/index.js';
import { toMicros, WriteConflict } from '../../domain/common/index.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { alignCounter } from './money/writer.js';
import { TransactionCancelled, transactWrite, type TransactItem } from './transact.js';

/** A budget write found a stamped counter out of date (it predates versions, or a write missed it): aligned, then tried again. */
const MAX_STAMP_ATTEMPTS = 3;

type StampedPeriod = CounterStamp['periods'][number];

/**
 * One counter's stamp. The counter must be at the version the budget had (or not exist):
 * then its limit moves by the difference if its period takes the new limit, and it records
 * the new version, so a movement that read the budget before this write is refused. A cut
 * may not take the effective limit below zero. It counts as a movement of the counter (the
 * alert rules see a new limit).
 */
function stampItem(table: TableContext, after: BudgetRecord, stamp: CounterStamp, period: StampedPeriod): TransactItem {
  const differenceMicros = period.takesNewLimit ? stamp.newLimitMicros - stamp.oldLimitMicros : 0n;
  const baseMicros = period.takesNewLimit ? stamp.newLimitMicros : stamp.oldLimitMicros;
  const cutMicros = differenceMicros < 0n ? -differenceMicros : 0n;
  return {
    Update: {
      TableName: table.tableName,
      Key: { pk: keys.budgetMoneyPk(after.tenantId, after.id), sk: keys.counterSk(period.periodKey) },
      UpdateExpression: 'SET availableMicros = if_not_exists(availableMicros, :old) + :difference, '
        + 'baseLimitMicros = if_not_exists(baseLimitMicros, :base) + :difference, '
        + 'limitMicros = if_not_exists(limitMicros, :old) + :difference, budgetVersion = :to, '
        + 'entity = :entity, tenantId = :tenantId, budgetId = :budgetId, periodKey = :periodKey ADD movementCount :one',
      ConditionExpression: `(attribute_not_exists(pk) OR (budgetVersion = :from AND baseLimitMicros = :old))${cutMicros > 0n ? ' AND (attribute_not_exists(limitMicros) OR limitMicros >= :cut)' : ''}`,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ExpressionAttributeValues: {
        ':old': stamp.oldLimitMicros,
        ':base': baseMicros - differenceMicros,
        ':difference': differenceMicros,
        ':to': stamp.toVersion,
        ':from': stamp.fromVersion,
        ':entity': 'counter',
        ':tenantId': after.tenantId,
        ':budgetId': after.id,
        ':periodKey': period.periodKey,
        ':one': 1,
        ...(cutMicros > 0n && { ':cut': cutMicros }),
      },
    },
  };
}

/**
 * Writes a budget change with the stamps of its counters, in one transaction. A stamped
 * counter found out of date is first brought to the budget as it was (`before`), then the
 * whole write is tried again; any other refusal is a WriteConflict with its reason.
 */
export async function writeWithStamps(
  table: TableContext,
  items: TransactItem[],
  reasons: Array<WriteConflict['reason']>,
  before: BudgetRecord,
  after: BudgetRecord,
  stamp: CounterStamp,
): Promise<void> {
  const first = items.length;
  const all = [...items, ...stamp.periods.map((period) => stampItem(table, after, stamp, period))];
  for (let attempt = 1; ; attempt++) {
    try {
      await transactWrite(table, all);
      return;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      const failed = all.findIndex((_, index) => error.failedCondition(index));
      if (failed < first) throw new WriteConflict(reasons[failed] ?? 'budget-changed');
      const period = stamp.periods[failed - first]!;
      const old = error.reasons[failed]?.item;
      const basis = old && { budgetVersion: old.budgetVersion === undefined ? undefined : Number(old.budgetVersion), baseLimitMicros: toMicros(old.baseLimitMicros ?? 0) };
      const lagging = basis !== undefined && (basis.budgetVersion !== stamp.fromVersion || basis.baseLimitMicros !== stamp.oldLimitMicros);
      if (!lagging) throw new WriteConflict('limit-below-zero');
      if (attempt >= MAX_STAMP_ATTEMPTS) throw new WriteConflict('budget-changed');
      await alignCounter(table, after.tenantId, { budgetId: after.id, periodKey: period.periodKey }, basis, {
        budgetVersion: stamp.fromVersion,
        baseLimitMicros: period.takesNewLimit ? before.limitMicros : basis.baseLimitMicros,
      });
    }
  }
}
