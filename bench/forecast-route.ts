import { BatchWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { keys } from '../shared/adapters/dynamodb/keys.js';

/**
 * The forecast route beside the status route, on one monthly budget with a year of daily
 * history (issue 12: ≤ 1.3 × the status route's p50). The history is written straight to the
 * table (as the stream consumer would have, a day at a time); the budget is dated back a
 * year so the forecast reads all of it. The first read fits and keeps the model; the figure
 * that matters is the later reads', which project from the kept model with the live counter.
 */

const HISTORY_DAYS = 365;
const DAY_MS = 86_400_000;

export interface ForecastRouteDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  tenantId: string;
  api: (method: string, path: string, body?: unknown) => Promise<any>;
  latencies: (ops: number, op: (index: number) => Promise<void>) => Promise<{ p50Ms: number; p99Ms: number }>;
  ops: number;
}

export interface ForecastRouteFigures {
  historyDays: number;
  method: string;
  firstReadMs: number;
  forecastP50Ms: number;
  statusP50Ms: number;
  ratio: number;
}

/** Weekday/weekend spend with a slow trend and some noise: a year of a plausible team's days. */
function spendOn(dayIndex: number): bigint {
  const weekday = new Date(Date.now() - (HISTORY_DAYS - dayIndex) * DAY_MS).getUTCDay();
  const base = weekday === 0 || weekday === 6 ? 40 : 120;
  const noise = Math.sin(dayIndex * 12.9898) * 43758.5453;
  return BigInt(Math.round((base + dayIndex * 0.1 + 10 * (noise - Math.floor(noise))) * 1_000_000));
}

export async function forecastRouteLatency(deps: ForecastRouteDeps): Promise<ForecastRouteFigures> {
  const { client, tableName, tenantId, api } = deps;
  const created = await api('POST', '/v1/budgets', { name: 'forecast-bench', scope: { type: 'service', id: 'forecast-bench' }, currency: 'USD', limit: '100000', period: { type: 'monthly' } });
  const budgetId: string = created.id;
  const createdAt = new Date(Date.now() - HISTORY_DAYS * DAY_MS).toISOString();
  await client.send(new UpdateCommand({ TableName: tableName, Key: { pk: keys.tenantPk(tenantId), sk: keys.budgetSk(budgetId) }, UpdateExpression: 'SET createdAt = :createdAt', ExpressionAttributeValues: { ':createdAt': createdAt } }));
  const items = Array.from({ length: HISTORY_DAYS + 1 }, (_, dayIndex) => {
    const date = new Date(Date.now() - (HISTORY_DAYS - dayIndex) * DAY_MS).toISOString().slice(0, 10);
    return { PutRequest: { Item: { pk: keys.spendDaysPk(tenantId, budgetId), sk: keys.spendDaySk(date), entity: 'spendDay', tenantId, budgetId, date, periodKey: date.slice(0, 7), spentMicros: spendOn(dayIndex), lastMovementCount: 1 } } };
  });
  for (let index = 0; index < items.length; index += 25) {
    let request: any = { [tableName]: items.slice(index, index + 25) };
    while (request && Object.keys(request).length > 0) request = (await client.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems;
  }
  await api('POST', `/v1/budgets/${budgetId}/usage`, { amount: '1500' });
  const started = performance.now();
  const first = await api('GET', `/v1/budgets/${budgetId}/forecast`);
  const firstReadMs = performance.now() - started;
  // One round of each first, its figures dropped: the server's code for both routes is warm before either is timed.
  await deps.latencies(deps.ops, () => api('GET', `/v1/budgets/${budgetId}/forecast`));
  await deps.latencies(deps.ops, () => api('GET', `/v1/budgets/${budgetId}/status`));
  const forecast = await deps.latencies(deps.ops, () => api('GET', `/v1/budgets/${budgetId}/forecast`));
  const status = await deps.latencies(deps.ops, () => api('GET', `/v1/budgets/${budgetId}/status`));
  return {
    historyDays: first.history.days,
    method: first.method,
    firstReadMs: Math.round(firstReadMs * 10) / 10,
    forecastP50Ms: forecast.p50Ms,
    statusP50Ms: status.p50Ms,
    ratio: Math.round((forecast.p50Ms / status.p50Ms) * 100) / 100,
  };
}
