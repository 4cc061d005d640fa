import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * GET /v1/budgets/{id}/reconciliation through the local gateway and the real handlers:
 * counters against the sums of the ledger, and drift injected straight into a counter item.
 */
let api: TestApi;
let key: string;
let tenantId: string;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('recon'));
  client = createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Reconciled', scope: { type: 'team', id: 'recon' }, limit: '100' });
const post = async (path: string, body: unknown) => {
  const answer = await api.call('POST', path, { key, body });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer.body;
};
const reconciliation = (budgetId: string, query = '', as = key) => api.call('GET', `/v1/budgets/${budgetId}/reconciliation${query}`, { key: as });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

/** Moves a counter behind the ledger's back, as a defect would: micro-units added to its attributes. */
async function tamper(budgetId: string, periodKey: string, micros: Partial<Record<'spentMicros' | 'reservedMicros' | 'limitDeltaMicros' | 'availableMicros', number>>) {
  const names = Object.keys(micros);
  await client.send(new UpdateCommand({
    TableName: api.stack.tableName,
    Key: { pk: keys.budgetMoneyPk(tenantId, budgetId), sk: keys.counterSk(periodKey) },
    UpdateExpression: `ADD ${names.map((name, index) => `${name} :v${index}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: Object.fromEntries(names.map((name, index) => [`:v${index}`, micros[name as keyof typeof micros]])),
  }));
}

const ZERO = { limit: '0', spent: '0', reserved: '0' };

describe('GET /v1/budgets/{id}/reconciliation', () => {
  it('proves a parent and its child consistent after holds, a partial charge, usage and a top-up: counters = ledger, zero drift', async () => {
    const parent = await budget({ limit: '500' });
    const child = await budget({ parentId: parent, limit: '200' });
    const held = await post(`/v1/budgets/${child}/reservations`, { amount: '30' });
    await post(`/v1/reservations/${held.id}/charge`, { amount: '12.5' });
    await post(`/v1/budgets/${child}/reservations`, { amount: '7' });
    await post(`/v1/budgets/${parent}/usage`, { amount: '40' });
    await post(`/v1/budgets/${child}/adjustments`, { amount: '25', reason: 'launch week' });

    for (const [id, figures] of [[parent, { limit: '500', spent: '52.5', reserved: '7' }], [child, { limit: '225', spent: '12.5', reserved: '7' }]] as const) {
      const answer = await reconciliation(id);
      const { period } = await status(id);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        budgetId: id, periodKey: period.key, checkedAt: expect.any(String), consistent: true,
        counters: figures, ledger: figures, drift: ZERO, actuals: null, variance: null,
      });
      expect(Date.parse(answer.body.checkedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('reports the exact drift a counter item holds that no ledger entry explains', async () => {
    const id = await budget();
    await post(`/v1/budgets/${id}/usage`, { amount: '10' });
    const { period } = await status(id);
    // spent +1.5 and the limit +2 behind the ledger's back, `available` kept coherent with them (+2 − 1.5).
    await tamper(id, period.key, { spentMicros: 1_500_000, limitDeltaMicros: 2_000_000, availableMicros: 500_000 });

    const answer = await reconciliation(id, `?periodKey=${period.key}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      budgetId: id, periodKey: period.key, consistent: false,
      counters: { limit: '102', spent: '11.5', reserved: '0' },
      ledger: { limit: '100', spent: '10', reserved: '0' },
      drift: { limit: '2', spent: '1.5', reserved: '0' },
    });
    // Status reads the counter: the figures it shows are the counter's.
    expect(await status(id)).toMatchObject({ limit: '102', spent: '11.5' });
  });

  it('reports negative drift, and a stored headroom that disagrees with the other figures, as inconsistent', async () => {
    const id = await budget();
    await post(`/v1/budgets/${id}/reservations`, { amount: '5' });
    const { period } = await status(id);
    await tamper(id, period.key, { reservedMicros: -1_000_000, availableMicros: 1_000_000 });
    expect((await reconciliation(id)).body).toMatchObject({ consistent: false, drift: { limit: '0', spent: '0', reserved: '-1' } });

    const other = await budget();
    await post(`/v1/budgets/${other}/reservations`, { amount: '5' });
    await tamper(other, period.key, { availableMicros: 3_000_000 });
    expect((await reconciliation(other)).body).toMatchObject({ consistent: false, drift: ZERO });
  });

  it('checks a named past period, and a period nothing reached, from the ledger', async () => {
    const id = await budget({ period: { type: 'monthly', timezone: 'Asia/Kolkata' } });
    await post(`/v1/budgets/${id}/usage`, { amount: '3', occurredAt: '2026-01-15T10:00:00+05:30' });
    expect((await reconciliation(id, '?periodKey=2026-01')).body).toMatchObject({
      periodKey: '2026-01', consistent: true, counters: { limit: '100', spent: '3', reserved: '0' }, drift: ZERO,
    });
    expect((await reconciliation(id, '?periodKey=2025-07')).body).toMatchObject({
      periodKey: '2025-07', consistent: true, counters: { limit: '100', spent: '0', reserved: '0' }, ledger: { limit: '100', spent: '0', reserved: '0' },
    });
  });

  it.each([
    ['a week of a monthly budget', { type: 'monthly' }, '2026-W48', 'monthly'],
    ['a month that does not exist', { type: 'monthly' }, '2026-13', 'monthly'],
    ['a day of a weekly budget', { type: 'weekly' }, '2026-11-24', 'weekly'],
    ['a month of a lifetime budget', { type: 'lifetime' }, '2026-11', 'lifetime'],
  ])('answers a period key that is %s with a precise 400', async (_, period, periodKey, type) => {
    const id = await budget({ period });
    const answer = await reconciliation(id, `?periodKey=${periodKey}`);
    expect([answer.status, slugOf(answer.body)]).toEqual([400, 'validation-error']);
    expect(answer.body.errors).toEqual([{ pointer: '/query/periodKey', detail: expect.stringContaining(`is not a period of this ${type} budget; its current period is`) }]);
  });

  it('answers an over-long or empty period key with 400 before any read', async () => {
    const id = await budget();
    for (const periodKey of ['x'.repeat(41), '']) {
      const answer = await reconciliation(id, `?periodKey=${periodKey}`);
      expect([answer.status, answer.body.errors?.[0]?.pointer]).toEqual([400, '/query/periodKey']);
    }
  });

  it('answers 404 for an unknown budget and for another tenant\'s', async () => {
    const unknown = await reconciliation('bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J');
    expect([unknown.status, slugOf(unknown.body)]).toEqual([404, 'not-found']);
    const mine = await budget();
    const other = await api.newTenant('recon-other');
    expect((await reconciliation(mine, '', other.adminKey)).status).toBe(404);
  });

  it('is a read: any role may ask', async () => {
    const id = await budget();
    const viewer = await api.newKey(key, ['viewer']);
    expect((await reconciliation(id, '', viewer)).status).toBe(200);
  });
});
