import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 10: what a limit change (PATCH or adjustment) does to the period counter and its alerts. */
let api: TestApi;
let key: string;
let tenantId: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key, tenantId } = await api.newTenant('limits'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Limited', scope: { type: 'team', id: 'limits' }, limit: '100' });
const alertsOf = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/alerts`, { key })).body.items as any[];
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;
const patch = async (budgetId: string, body: unknown) => {
  const current = await api.call('GET', `/v1/budgets/${budgetId}`, { key });
  return api.call('PATCH', `/v1/budgets/${budgetId}`, { key, body, headers: { 'If-Match': String(current.body.version) } });
};
const drain = async () => {
  await api.stack.streams.drain();
  await api.stack.streams.drain();
};

describe('a limit change and the alerts of its period', () => {
  it('resolves an active alert when a raised limit brings utilization back under it', async () => {
    const id = await budget({ thresholds: [50] });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '60' } });
    await drain();
    expect((await alertsOf(id)).map((alert) => alert.state)).toEqual(['active']);

    expect((await patch(id, { limit: '1000' })).status).toBe(200);
    await drain();
    expect(await status(id)).toMatchObject({ limit: '1000', utilization: 6 });
    expect((await alertsOf(id)).map((alert) => alert.state)).toEqual(['resolved']);
  });

  it('fires again when a cut after a resolution crosses the threshold again', async () => {
    const id = await budget({ thresholds: [50] });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '60' } });
    await drain();
    await patch(id, { limit: '1000' });
    await drain();
    expect((await alertsOf(id)).map((alert) => alert.state)).toEqual(['resolved']);
    await patch(id, { limit: '100' });
    await drain();
    expect((await alertsOf(id)).map((alert) => alert.state)).toEqual(['active']);
    const crossed = api.events.filter((event) => event.budgetId === id && event.type === 'budget.threshold_crossed');
    expect(crossed).toHaveLength(2);
  });

  it('records its tenant on a counter the change creates', async () => {
    const id = await budget({ thresholds: [50] });
    const { body } = await patch(id, { limit: '10' });
    const client = createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint));
    const periodKey = (await status(id)).period.key;
    const { Item } = await client.send(new GetCommand({
      TableName: api.stack.tableName, Key: { pk: keys.budgetMoneyPk(tenantId, body.id), sk: keys.counterSk(periodKey) }, ConsistentRead: true,
    }));
    expect(Item).toMatchObject({ tenantId, budgetId: id, periodKey, entity: 'counter' });
  });
});

describe('the effective limit of a period never goes negative', () => {
  it('refuses a cut below zero with 409 conflict and changes nothing', async () => {
    const id = await budget({ limit: '100' });
    const cut = await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '-150', reason: 'too much' } });
    expect(cut.status).toBe(409);
    expect(slugOf(cut.body)).toBe('conflict');
    expect(await status(id)).toMatchObject({ limit: '100' });
    const exact = await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '-100', reason: 'all of it' } });
    expect(exact.status).toBe(201);
    expect(await status(id)).toMatchObject({ limit: '0' });
  });

  it('refuses a new limit that the period\'s cuts would take below zero', async () => {
    const id = await budget({ limit: '100' });
    await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '-80', reason: 'cut' } });
    const lowered = await patch(id, { limit: '50' });
    expect(lowered.status).toBe(409);
    expect(slugOf(lowered.body)).toBe('conflict');
    expect(await status(id)).toMatchObject({ limit: '20' });
    expect((await api.call('GET', `/v1/budgets/${id}`, { key })).body.limit).toBe('100');
  });
});
