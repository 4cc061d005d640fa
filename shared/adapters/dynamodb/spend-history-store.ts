import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toMicros } from '../../domain/common/amount.js';
import type { DailySpendModel } from '../../domain/forecasting/daily-model.js';
import type { SpendDay, SpendHistoryStore, SpendMovement, StoredSpendModel } from '../../domain/forecasting/spend-history.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';

/**
 * Daily spend in its own partition per budget: one item per local day with spend, its
 * total and the last counter movement it counted. A day is fed by one counter (the period
 * that contains it), whose stream records arrive in order, so "only a later movement adds"
 * makes each movement count once however often its record is delivered. The fitted model
 * sits in the same partition after the days (sort key `MODEL`), its numbers as one JSON
 * string (a few KB for a month's horizon, far smaller than DynamoDB's number lists).
 */
export class DynamoSpendHistoryStore implements SpendHistoryStore {
  constructor(private readonly table: TableContext) {}

  add(movement: SpendMovement): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new UpdateCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.spendDaysPk(movement.tenantId, movement.budgetId), sk: keys.spendDaySk(movement.date) },
      UpdateExpression: 'ADD spentMicros :delta SET lastMovementCount = :movement, entity = :entity, tenantId = :tenantId, budgetId = :budgetId, #date = :date, periodKey = :periodKey',
      ConditionExpression: 'attribute_not_exists(lastMovementCount) OR lastMovementCount < :movement',
      ExpressionAttributeNames: { '#date': 'date' },
      ExpressionAttributeValues: {
        ':delta': movement.spentDeltaMicros, ':movement': movement.movementCount, ':entity': 'spendDay',
        ':tenantId': movement.tenantId, ':budgetId': movement.budgetId, ':date': movement.date, ':periodKey': movement.periodKey,
      },
    })));
  }

  async days(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<SpendDay[]> {
    return (await this.query(tenantId, budgetId, fromDate, keys.spendDaySk(toDate))).days;
  }

  async daysAndModel(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<{ days: SpendDay[]; model: StoredSpendModel | null }> {
    const { days, model } = await this.query(tenantId, budgetId, fromDate, keys.spendModelSk());
    // Days after `toDate` (spend dated ahead of the read's today) lie between the range and the model.
    return { days: days.filter((day) => day.date <= toDate), model };
  }

  async saveModel(tenantId: string, budgetId: string, stored: StoredSpendModel): Promise<void> {
    await conditionHeld(() => this.table.client.send(new PutCommand({
      TableName: this.table.tableName,
      Item: {
        pk: keys.spendDaysPk(tenantId, budgetId), sk: keys.spendModelSk(), entity: 'spendModel', tenantId, budgetId,
        model: JSON.stringify(stored.model), throughDate: stored.throughDate, checkFromDate: stored.checkFromDate,
        checkSumMicros: stored.checkSumMicros, fittedAtMs: stored.fittedAtMs,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR fittedAtMs <= :fittedAtMs',
      ExpressionAttributeValues: { ':fittedAtMs': stored.fittedAtMs },
    })));
  }

  private async query(tenantId: string, budgetId: string, fromDate: string, toSk: string): Promise<{ days: SpendDay[]; model: StoredSpendModel | null }> {
    const days: SpendDay[] = [];
    let model: StoredSpendModel | null = null;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.spendDaysPk(tenantId, budgetId), ':from': keys.spendDaySk(fromDate), ':to': toSk },
        ExclusiveStartKey: startKey,
      }));
      for (const item of page.Items ?? []) {
        if (item.sk === keys.spendModelSk()) model = storedModelOf(item);
        else days.push({ date: String(item.date), spentMicros: toMicros(item.spentMicros ?? 0) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { days, model };
  }
}

function storedModelOf(item: Record<string, unknown>): StoredSpendModel {
  return {
    model: JSON.parse(String(item.model)) as DailySpendModel,
    throughDate: String(item.throughDate),
    checkFromDate: String(item.checkFromDate),
    checkSumMicros: toMicros(item.checkSumMicros as number | bigint | string),
    fittedAtMs: Number(item.fittedAtMs),
  };
}
