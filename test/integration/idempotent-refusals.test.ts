import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 10, defect 5: a keyed request has one answer, whether it was a success or a domain refusal. */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('refusals'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Keyed', scope: { type: 'team', id: 'refusals' }, limit: '10' });
const reserve = (budgetId: string, amount: string, idempotencyKey: string) =>
  api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key, body: { amount }, headers: { 'Idempotency-Key': idempotencyKey } });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

describe('keyed requests', () => {
  it('gives six concurrent repeats of one keyed hold the first response, and one hold', async () => {
    const id = await budget();
    const answers = await Promise.all(Array.from({ length: 6 }, () => reserve(id, '10', 'six-of-one')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(await status(id)).toMatchObject({ reserved: '10', available: '0' });
  });

  it('replays a refusal: the same key stays refused after room is made, and nothing moves', async () => {
    const id = await budget();
    await reserve(id, '8', 'first-hold');
    const refused = await reserve(id, '5', 'refused-once');
    expect(refused.status).toBe(409);
    expect(slugOf(refused.body)).toBe('budget-exceeded');

    await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '100', reason: 'room' } });
    const again = await reserve(id, '5', 'refused-once');
    expect(again.status).toBe(409);
    expect(again.body).toEqual(refused.body);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(await status(id)).toMatchObject({ reserved: '8' });

    const fresh = await reserve(id, '5', 'a-new-key');
    expect(fresh.status).toBe(201);
  });

  it('replays a refused charge, and a currency mismatch (422)', async () => {
    const id = await budget();
    const held = await reserve(id, '4', 'to-charge');
    const headers = { 'Idempotency-Key': 'charge-too-much' };
    const refused = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '20' }, headers });
    expect(refused.status).toBe(409);
    await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '100', reason: 'room' } });
    const again = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '20' }, headers });
    expect([again.status, again.body]).toEqual([409, refused.body]);

    const mismatch = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1', currency: 'EUR' }, headers: { 'Idempotency-Key': 'eur' } });
    expect(mismatch.status).toBe(422);
    const mismatchAgain = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1', currency: 'EUR' }, headers: { 'Idempotency-Key': 'eur' } });
    expect([mismatchAgain.status, mismatchAgain.body]).toEqual([422, mismatch.body]);
  });

  it('replays a refused budget creation byte for byte (the first answer, its request id included)', async () => {
    const parent = await budget({ currency: 'USD' });
    const body = { name: 'Child', scope: { type: 'team', id: 'child' }, currency: 'EUR', limit: '1', period: { type: 'monthly' }, parentId: parent };
    const headers = { 'Idempotency-Key': 'child-in-euros' };
    const first = await api.call('POST', '/v1/budgets', { key, body, headers });
    expect(first.status).toBe(422);
    const again = await api.call('POST', '/v1/budgets', { key, body, headers });
    expect([again.status, again.body]).toEqual([422, first.body]);
  });

  it('does not store what decided nothing: a 400 or a 404 may be retried with the same key', async () => {
    const id = await budget();
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const invalid = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1', occurredAt: future }, headers: { 'Idempotency-Key': 'u-1' } });
    expect(invalid.status).toBe(400);
    const missing = await api.call('POST', '/v1/budgets/bud_missing/usage', { key, body: { amount: '1' }, headers: { 'Idempotency-Key': 'u-2' } });
    expect(missing.status).toBe(404);
    const ok = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1' }, headers: { 'Idempotency-Key': 'u-2' } });
    expect(ok.status).toBe(201);
  });
});
