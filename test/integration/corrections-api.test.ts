import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 11: POST /v1/budgets/{id}/corrections through the local gateway and the real
 * handlers: a signed change of `spent` in one period of a budget and its ancestors, never
 * refused for the limit, keyed like every money movement, late spend in a closed period.
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('corrections'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'C', scope: { type: 'team', id: 'corrections' }, limit: '100' });
const correct = (id: string, body: Record<string, unknown>, options: { as?: string; idempotencyKey?: string } = {}) =>
  api.call('POST', `/v1/budgets/${id}/corrections`, {
    key: options.as ?? key, body, ...(options.idempotencyKey && { headers: { 'Idempotency-Key': options.idempotencyKey } }),
  });
const status = async (id: string) => (await api.call('GET', `/v1/budgets/${id}/status`, { key })).body;
const ledgerOf = async (id: string) => (await api.call('GET', `/v1/budgets/${id}/ledger`, { key })).body.items as Array<Record<string, unknown>>;

describe('POST /v1/budgets/{id}/corrections', () => {
  it('moves spent of the period in the budget and its ancestors, as one correction entry, and the ledger still explains the counters', async () => {
    const parent = await budget({ name: 'parent' });
    const child = await budget({ name: 'child', parentId: parent, limit: '50' });
    const periodKey = (await status(child)).period.key as string;
    expect((await api.call('POST', `/v1/budgets/${child}/usage`, { key, body: { amount: '30' } })).status).toBe(201);

    const down = await correct(child, { periodKey, spentDelta: '-12.5', reason: 'invoice credit INV-7' });
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({
      budgetId: child, type: 'correction', amount: '-12.5', spentDelta: '-12.5', reservedDelta: '0', limitDelta: '0', periodKey, reason: 'invoice credit INV-7',
    });
    expect((await status(child)).spent).toBe('17.5');
    expect((await status(parent)).spent).toBe('17.5');
    expect((await ledgerOf(child)).map((entry) => entry.type)).toEqual(['usage', 'correction']);
    for (const id of [child, parent]) {
      const check = await api.call('GET', `/v1/budgets/${id}/reconciliation?periodKey=${periodKey}`, { key });
      expect(check.body).toMatchObject({ consistent: true, counters: { spent: '17.5' }, ledger: { spent: '17.5' } });
    }
  });

  it('is never refused for the limit: a full hard budget takes a correction up and goes below zero available', async () => {
    const id = await budget({ enforcement: 'hard', limit: '10' });
    const periodKey = (await status(id)).period.key as string;
    expect((await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '10' } })).status).toBe(201);
    const up = await correct(id, { periodKey, spentDelta: '4', reason: 'provider bill above recorded usage' });
    expect(up.status).toBe(201);
    expect(await status(id)).toMatchObject({ spent: '4', reserved: '10', available: '-4' });
  });

  it('answers a repeat with the same Idempotency-Key with the first entry, and moves spent once', async () => {
    const id = await budget({});
    const periodKey = (await status(id)).period.key as string;
    const body = { periodKey, spentDelta: '2', reason: 'late invoice' };
    const first = await correct(id, body, { idempotencyKey: 'corr-1' });
    const again = await correct(id, body, { idempotencyKey: 'corr-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await status(id)).spent).toBe('2');
    const other = await correct(id, { ...body, spentDelta: '3' }, { idempotencyKey: 'corr-1' });
    expect(other.status).toBe(422);
    expect((await status(id)).spent).toBe('2');
  });

  it('lands in a closed period as its late spend, leaving the frozen figures and the rollover as they were', async () => {
    const id = await budget({ period: { type: 'custom', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' } });
    expect((await api.call('POST', `/v1/budgets/${id}/periods/custom/close`, { key })).status).toBe(200);
    expect((await correct(id, { periodKey: 'custom', spentDelta: '8', reason: 'January bill' })).status).toBe(201);
    const record = (await api.call('GET', `/v1/budgets/${id}/periods/custom`, { key })).body;
    expect(record).toMatchObject({ state: 'closed', spent: '0', available: '100', lateSpent: '8', rolloverOut: '0' });
  });

  it('refuses bad input precisely and changes nothing', async () => {
    const id = await budget({});
    const periodKey = (await status(id)).period.key as string;
    const refusals: Array<[Record<string, unknown>, number, string, string?]> = [
      [{ periodKey, spentDelta: '0', reason: 'x' }, 400, 'validation-error', '/spentDelta'],
      [{ periodKey, spentDelta: '1', reason: '' }, 400, 'validation-error', '/reason'],
      [{ periodKey, spentDelta: '1' }, 400, 'validation-error', '/reason'],
      [{ periodKey: '2026-W10', spentDelta: '1', reason: 'x' }, 400, 'validation-error', '/periodKey'],
      [{ periodKey: '2999-01', spentDelta: '1', reason: 'x' }, 400, 'validation-error', '/periodKey'],
      // A period before the budget's first never closes: a correction there would stay open for good.
      [{ periodKey: '2020-01', spentDelta: '1', reason: 'x' }, 400, 'validation-error', '/periodKey'],
      [{ periodKey, spentDelta: '1', reason: 'x', limitDelta: '1' }, 400, 'validation-error'],
    ];
    for (const [body, code, slug, pointer] of refusals) {
      const answer = await correct(id, body);
      expect(answer.status, JSON.stringify(body)).toBe(code);
      expect(slugOf(answer.body)).toBe(slug);
      if (pointer) expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    }
    const apia = await budget({ period: { type: 'daily', timezone: 'Pacific/Apia' } });
    const skippedDay = await correct(apia, { periodKey: '2011-12-30', spentDelta: '5', reason: 'x' });
    expect([skippedDay.status, slugOf(skippedDay.body)]).toEqual([400, 'validation-error']);
    const manager = await api.newKey(key, ['manager']);
    expect((await correct(id, { periodKey, spentDelta: '1', reason: 'x' }, { as: manager })).status).toBe(403);
    expect((await correct('bud_missing', { periodKey, spentDelta: '1', reason: 'x' })).status).toBe(404);
    expect(await ledgerOf(id)).toEqual([]);
    expect((await status(id)).spent).toBe('0');
  });
});
