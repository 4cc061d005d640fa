import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 11: the period routes through the local gateway and the real handlers (real clock: the periods used have already ended). */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('periods'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'P', scope: { type: 'team', id: 'periods' }, limit: '100' });

describe('the period routes', () => {
  it('close a custom period that has ended, once, and answer the same record again', async () => {
    const id = await budget({ period: { type: 'custom', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' } });
    const first = await api.call('POST', `/v1/budgets/${id}/periods/custom/close`, { key });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      budgetId: id, key: 'custom', state: 'closed', limit: '100', spent: '0', reserved: '0', available: '100', rolloverOut: '0', lateSpent: '0',
      start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z',
    });
    const again = await api.call('POST', `/v1/budgets/${id}/periods/custom/close`, { key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await api.call('GET', `/v1/budgets/${id}/periods/custom`, { key })).body).toEqual(first.body);
  });

  it('publish period.closed once, with the frozen figures and no rollover for a custom period', async () => {
    const id = await budget({ period: { type: 'custom', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-04-01T00:00:00Z' } });
    expect((await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '30', occurredAt: '2026-03-10T00:00:00Z' } })).status).toBe(201);
    const closed = await api.call('POST', `/v1/budgets/${id}/periods/custom/close`, { key });
    await api.call('POST', `/v1/budgets/${id}/periods/custom/close`, { key });
    await api.stack.streams.drain();
    await api.stack.streams.drain();
    const events = api.events.filter((event) => event.budgetId === id && event.type === 'period.closed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `${id}:custom:closed`, severity: 'info', occurredAt: closed.body.closedAt,
      data: {
        period: { key: 'custom', start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' }, closedAt: closed.body.closedAt,
        amounts: { limit: '100', spent: '30', reserved: '0', available: '70', utilization: 30 }, rolloverOut: '0', nextPeriodKey: null,
      },
    });
  });

  it('refuse to close the current period (409), a key of another period type (400), and a viewer (403)', async () => {
    const id = await budget({ period: { type: 'monthly' } });
    const current = (await api.call('GET', `/v1/budgets/${id}/status`, { key })).body.period.key as string;
    const early = await api.call('POST', `/v1/budgets/${id}/periods/${current}/close`, { key });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/conflict$/);
    const wrongKey = await api.call('GET', `/v1/budgets/${id}/periods/2026-W10`, { key });
    expect(wrongKey.status).toBe(400);
    const viewer = await api.newKey(key, ['viewer']);
    expect((await api.call('POST', `/v1/budgets/${id}/periods/${current}/close`, { key: viewer })).status).toBe(403);
  });

  it('list the periods with activity, newest first, with live figures while open', async () => {
    const id = await budget({ period: { type: 'monthly' }, rollover: { enabled: true, max: '10', overspend: 'carry' } });
    expect((await api.call('GET', `/v1/budgets/${id}`, { key })).body.rollover).toEqual({ enabled: true, max: '10', overspend: 'carry' });
    expect((await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '12' } })).status).toBe(201);
    const page = await api.call('GET', `/v1/budgets/${id}/periods`, { key });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ state: 'open', limit: '100', spent: '12', available: '88', closedAt: null });
    expect(page.body.nextCursor).toBeNull();
  });
});
