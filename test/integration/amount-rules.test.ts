import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * API.md "Money": reservation and usage amounts must be greater than zero, an adjustment
 * must not be zero, and a charge may be "0" (nothing spent: the whole hold is released).
 */

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('amounts'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Amounts', scope: { type: 'team', id: 'amounts' }, limit: '100' });
const post = (path: string, body: unknown) => api.call('POST', path, { key, body });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

/** A 400 whose only field error points at `/amount`, and what it says. */
function expectAmountRefused(answer: { status: number; body: any }): string {
  expect([answer.status, slugOf(answer.body)], JSON.stringify(answer.body)).toEqual([400, 'validation-error']);
  expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/amount']);
  return answer.body.errors[0].detail;
}

describe('amounts that move nothing are refused', () => {
  it('refuses a hold of "0" with a pointer to /amount, and holds nothing', async () => {
    const id = await budget();
    expect(expectAmountRefused(await post(`/v1/budgets/${id}/reservations`, { amount: '0' }))).toBe('amount must be greater than 0');
    expect(await status(id)).toMatchObject({ reserved: '0', spent: '0' });
    expect((await api.call('GET', `/v1/budgets/${id}/ledger`, { key })).body.items).toEqual([]);
  });

  it.each(['0', '0.000000'])('refuses usage of "%s"', async (amount) => {
    const id = await budget();
    expect(expectAmountRefused(await post(`/v1/budgets/${id}/usage`, { amount }))).toBe('amount must be greater than 0');
    expect(await status(id)).toMatchObject({ spent: '0' });
  });

  it.each(['0', '-0'])('refuses an adjustment of "%s"', async (amount) => {
    const id = await budget();
    expect(expectAmountRefused(await post(`/v1/budgets/${id}/adjustments`, { amount, reason: 'nothing' }))).toBe('amount must not be zero');
    expect(await status(id)).toMatchObject({ limit: '100' });
  });

  it('still refuses a negative hold, saying why', async () => {
    const id = await budget();
    expect(expectAmountRefused(await post(`/v1/budgets/${id}/reservations`, { amount: '-5' }))).toBe('amount must not be negative');
  });

  it('still takes the smallest positive amounts and signed adjustments', async () => {
    const id = await budget();
    expect((await post(`/v1/budgets/${id}/reservations`, { amount: '0.000001' })).status).toBe(201);
    expect((await post(`/v1/budgets/${id}/usage`, { amount: '0.000001' })).status).toBe(201);
    expect((await post(`/v1/budgets/${id}/adjustments`, { amount: '-0.000001', reason: 'cut' })).status).toBe(201);
  });
});

describe('a charge of "0"', () => {
  it('charges nothing and releases the whole hold', async () => {
    const id = await budget();
    const held = await post(`/v1/budgets/${id}/reservations`, { amount: '30' });
    expect(held.status).toBe(201);
    expect(await status(id)).toMatchObject({ reserved: '30' });

    const charged = await post(`/v1/reservations/${held.body.id}/charge`, { amount: '0' });
    expect(charged.status, JSON.stringify(charged.body)).toBe(200);
    expect(charged.body).toMatchObject({ status: 'charged', chargedAmount: '0' });
    expect(await status(id)).toMatchObject({ reserved: '0', spent: '0', available: '100' });
  });
});
