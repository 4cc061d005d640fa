import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { toMicros } from '../../domain/common/amount.js';
import type { ForecastSummary, ForecastSummaryStore } from '../../domain/forecasting/forecast-summary.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';

/** One partition per tenant, one small item per budget: 5,000 budgets are a few query pages. */
export class DynamoForecastSummaryStore implements ForecastSummaryStore {
  constructor(private readonly table: TableContext) {}

  async save(tenantId: string, summary: ForecastSummary): Promise<void> {
    await conditionHeld(() => this.table.client.send(new PutCommand({
      TableName: this.table.tableName,
      Item: {
        pk: keys.forecastSummariesPk(tenantId), sk: keys.forecastSummarySk(summary.budgetId), entity: 'forecastSummary', tenantId, budgetId: summary.budgetId,
        periodKey: summary.periodKey, projectedSpendMicros: summary.projectedSpendMicros, exhaustionDate: summary.exhaustionDate, asOfMs: summary.asOfMs,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR asOfMs <= :asOfMs',
      ExpressionAttributeValues: { ':asOfMs': summary.asOfMs },
    })));
  }

  all(tenantId: string): Promise<ForecastSummary[]> {
    return queryAll(this.table, {
      TableName: this.table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.forecastSummariesPk(tenantId) },
    }, (item) => ({
      budgetId: String(item.budgetId), periodKey: String(item.periodKey), projectedSpendMicros: toMicros(item.projectedSpendMicros ?? 0),
      exhaustionDate: typeof item.exhaustionDate === 'string' ? item.exhaustionDate : null, asOfMs: Number(item.asOfMs),
    }));
  }
}
