import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toMicros } from '../../domain/common/amount.js';
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension, type BreakdownEntry, type BreakdownMovement, type SpendBreakdownStore } from '../../domain/reports/spend-breakdown.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';

/**
 * The spend breakdown in its own partition per budget. An entry is fed by one counter (the
 * period's), whose stream records arrive in order, so "only a later movement adds" counts
 * each movement once however often its record is delivered (as the daily history does).
 */
export class DynamoSpendBreakdownStore implements SpendBreakdownStore {
  constructor(private readonly table: TableContext) {}

  async add(movement: BreakdownMovement): Promise<void> {
    await Promise.all(BREAKDOWN_DIMENSIONS.map((dimension) => this.addTo(movement, dimension, movement[dimension])));
  }

  period(tenantId: string, budgetId: string, periodKey: string): Promise<BreakdownEntry[]> {
    return queryAll(this.table, {
      TableName: this.table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.spendBreakdownPk(tenantId, budgetId), ':prefix': keys.spendBreakdownPeriodPrefix(periodKey) },
    }, (item) => ({ dimension: item.dimension as BreakdownDimension, name: typeof item.name === 'string' ? item.name : null, spentMicros: toMicros(item.spentMicros ?? 0) }));
  }

  private addTo(movement: BreakdownMovement, dimension: BreakdownDimension, name: string | null): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new UpdateCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.spendBreakdownPk(movement.tenantId, movement.budgetId), sk: keys.spendBreakdownSk(movement.periodKey, dimension, name) },
      UpdateExpression: 'ADD spentMicros :delta SET lastMovementCount = :movement, entity = :entity, tenantId = :tenantId, budgetId = :budgetId, '
        + 'periodKey = :periodKey, dimension = :dimension, #name = :name',
      ConditionExpression: 'attribute_not_exists(lastMovementCount) OR lastMovementCount < :movement',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':delta': movement.spentDeltaMicros, ':movement': movement.movementCount, ':entity': 'spendBreakdown', ':tenantId': movement.tenantId,
        ':budgetId': movement.budgetId, ':periodKey': movement.periodKey, ':dimension': dimension, ':name': name,
      },
    })));
  }
}
