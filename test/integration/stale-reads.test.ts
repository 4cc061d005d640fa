import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 10, defects 1, 2 and 4: a decision taken on a read is proven by the write, or it is not taken. */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('stale'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Stale', scope: { type: 'team', id: 'stale' }, limit: '100' });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

describe('automatic approvals', () => {
  it('approves one small overrun automatically however many race for it; the others ask a person', async () => {
    const id = await budget({ enforcement: 'approval' });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '99' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '5' } })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((code) => code === 201)).toHaveLength(1);
    expect(statuses.filter((code) => code === 202)).toHaveLength(19);
    // One automatic overrun of 4 (4 % of the limit): no more money held without a person.
    expect(await status(id)).toMatchObject({ spent: '99', reserved: '5', available: '-4' });
  });
});
