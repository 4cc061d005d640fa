import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toMicros } from '../../domain/common/amount.js';
import type { SpendDay, SpendHistoryStore, SpendMovement } from '../../domain/forecasting/spend-history.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';

/**
 * Daily spend in its own partition per budget: one item per local day with spend, its
 * total and the last counter movement it counted. A day is fed by one counter (the period
 * that contains it), whose stream records arrive in order, so "only a later movement adds"
 * makes each movement count once however often its record is delivered.
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
    const days: SpendDay[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.spendDaysPk(tenantId, budgetId), ':from': keys.spendDaySk(fromDate), ':to': keys.spendDaySk(toDate) },
        ExclusiveStartKey: startKey,
      }));
      for (const item of page.Items ?? []) days.push({ date: String(item.date), spentMicros: toMicros(item.spentMicros ?? 0) });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return days;
  }
}
