import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSpendBreakdownStore, DynamoSpendHistoryStore, createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { formatAmount } from '../../shared/domain/common/amount.js';
import { periodContaining } from '../../shared/domain/periods/period.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { createStreamConsumer } from '../../shared/app/stream.js';
import { LocalStreamPoller } from '../../local/stream-poller.js';
import type { StreamRecord } from '../../shared/adapters/dynamodb/index.js';
import { budgetMaker, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 12: the daily spend history a forecast reads, kept by the stream consumer from the
 * counters' movements: own and descendants' spend, by local day in the budget's zone,
 * backdated usage on its own day, each movement counted once however often it is delivered.
 */
let api: TestApi;
let key: string;
let tenantId: string;
let history: DynamoSpendHistoryStore;

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('history'));
  history = new DynamoSpendHistoryStore({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) });
});
afterAll(async () => api?.stop());

const ZONE = 'Asia/Kolkata';
const budget = budgetMaker(() => api, () => key, { name: 'H', scope: { type: 'team', id: 'history' }, limit: '1000', period: { type: 'monthly', timezone: ZONE } });
const dayOf = (ms: number) => periodContaining({ type: 'daily', timezone: ZONE }, ms)!.key;
const post = async (path: string, body: unknown) => {
  const answer = await api.call('POST', path, { key, body });
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};
const daysOf = async (budgetId: string) =>
  Object.fromEntries((await history.days(tenantId, budgetId, '2000-01-01', '2999-12-31')).map((day) => [day.date, formatAmount(day.spentMicros)]));

describe('the daily spend history', () => {
  it('dates usage on its own local day, counts charges and corrections, and rolls descendants up into their ancestors', async () => {
    const parent = await budget({ name: 'parent' });
    const child = await budget({ name: 'child', parentId: parent });
    const nowMs = Date.now();
    const threeDaysAgoMs = nowMs - 3 * 86_400_000;
    await post(`/v1/budgets/${child}/usage`, { amount: '10' });
    await post(`/v1/budgets/${child}/usage`, { amount: '4.5', occurredAt: new Date(threeDaysAgoMs).toISOString() });
    const hold = await post(`/v1/budgets/${parent}/reservations`, { amount: '8' });
    await post(`/v1/reservations/${hold.id}/charge`, { amount: '6' });
    const periodKey = (await api.call('GET', `/v1/budgets/${parent}/status`, { key })).body.period.key;
    await post(`/v1/budgets/${parent}/corrections`, { periodKey, spentDelta: '-1', reason: 'credit' });
    await api.stack.streams.drain();
    await api.stack.streams.drain();

    const today = dayOf(Date.now());
    expect(await daysOf(child)).toEqual({ [dayOf(threeDaysAgoMs)]: '4.5', [today]: '10' });
    expect(await daysOf(parent)).toEqual({ [dayOf(threeDaysAgoMs)]: '4.5', [today]: '15' });
  });

  it('counts each movement once when its stream record comes again, and not at all when the spend did not move', async () => {
    const id = await budget({});
    await post(`/v1/budgets/${id}/usage`, { amount: '2' });
    const hold = await post(`/v1/budgets/${id}/reservations`, { amount: '3' });
    await post(`/v1/reservations/${hold.id}/release`, {});
    await post(`/v1/budgets/${id}/usage`, { amount: '5' });
    const records: StreamRecord[] = [];
    const reader = new LocalStreamPoller(api.stack.dynamoEndpoint, api.stack.tableName, async (batch) => {
      records.push(...batch.filter((record) => (record.dynamodb?.NewImage as any)?.budgetId?.S === id && (record.dynamodb?.NewImage as any)?.entity?.S === 'counter'));
      return {};
    });
    await reader.drain();
    await reader.stop();
    expect(records.length).toBe(4);
    const consumer = createStreamConsumer({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) }, { publish: async () => undefined });
    await consumer.consume(records);
    await consumer.consume(records);
    await consumer.consume([records[0]!, records[3]!]);
    expect(Object.values(await daysOf(id))).toEqual(['7']);
  });

  it('keeps the period\'s breakdown by category and provider from the same movements, each counted once, charges under their category', async () => {
    const parent = await budget({ name: 'breakdown parent' });
    const child = await budget({ name: 'breakdown child', parentId: parent });
    await post(`/v1/budgets/${child}/usage`, { amount: '2', category: 'llm', provider: 'openai' });
    await post(`/v1/budgets/${parent}/usage`, { amount: '1.5', provider: 'aws' });
    const hold = await post(`/v1/budgets/${child}/reservations`, { amount: '9', category: 'llm' });
    await post(`/v1/reservations/${hold.id}/charge`, { amount: '4' });
    const held = await post(`/v1/budgets/${child}/reservations`, { amount: '3', category: 'tools' });
    await post(`/v1/reservations/${held.id}/release`, {});
    const periodKey = (await api.call('GET', `/v1/budgets/${parent}/status`, { key })).body.period.key;
    await post(`/v1/budgets/${child}/corrections`, { periodKey, spentDelta: '-0.5', reason: 'credit' });
    const records: StreamRecord[] = [];
    const reader = new LocalStreamPoller(api.stack.dynamoEndpoint, api.stack.tableName, async (batch) => {
      records.push(...batch.filter((record) => (record.dynamodb?.NewImage as any)?.entity?.S === 'counter'
        && [parent, child].includes((record.dynamodb?.NewImage as any)?.budgetId?.S)));
      return {};
    });
    await reader.drain();
    await reader.stop();
    const consumer = createStreamConsumer({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) }, { publish: async () => undefined });
    await consumer.consume(records);
    await consumer.consume(records.slice(2));
    const breakdown = new DynamoSpendBreakdownStore({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) });
    const entriesOf = async (budgetId: string) => Object.fromEntries((await breakdown.period(tenantId, budgetId, periodKey))
      .filter((entry) => entry.spentMicros !== 0n)
      .map((entry) => [`${entry.dimension}:${entry.name ?? '-'}`, formatAmount(entry.spentMicros)]));
    expect(await entriesOf(child)).toEqual({ 'category:llm': '6', 'category:-': '-0.5', 'provider:openai': '2', 'provider:-': '3.5' });
    expect(await entriesOf(parent)).toEqual({ 'category:llm': '6', 'category:-': '1', 'provider:openai': '2', 'provider:aws': '1.5', 'provider:-': '3.5' });
  });
});
