import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BudgetRecord } from '../../domain/budgets/budget.js';
import type { CostProvider } from '../../domain/budgets/cost-source.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import type { TransactItem } from './transact.js';

/**
 * The cost-source index: one item per active budget with a `costSource`, in a partition per
 * tenant, written in the same transaction as the budget itself. The cost imports read it
 * instead of listing every budget.
 */

/**
 * The write that keeps the cost-source index in step with a budget write: the budget's item
 * there while it is active with a cost source, none otherwise (nothing when neither side has one).
 */
export function costSourceMarker(table: TableContext, before: BudgetRecord | undefined, after: BudgetRecord): TransactItem | undefined {
  const key = { pk: keys.costSourcesPk(after.tenantId), sk: keys.budgetSk(after.id) };
  if (after.status === 'active' && after.costSource) {
    return { Put: { TableName: table.tableName, Item: { ...key, entity: 'costSource', tenantId: after.tenantId, budgetId: after.id, provider: after.costSource.provider, mode: after.costSource.mode } } };
  }
  return before?.costSource ? { Delete: { TableName: table.tableName, Key: key } } : undefined;
}

/** The ids of a tenant's active budgets whose cost source is `provider` (strongly consistent). */
export async function budgetsWithCostSource(table: TableContext, tenantId: string, provider: CostProvider): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'provider = :provider',
      ExpressionAttributeValues: { ':pk': keys.costSourcesPk(tenantId), ':provider': provider },
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    }));
    for (const item of page.Items ?? []) ids.push(String(item.budgetId));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}
