import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('alerts'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Alerted', scope: { type: 'team', id: 'alerts' }, limit: '100' });

const reserve = (budgetId: string, amount: string) => api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key, body: { amount } });
const alertsOf = async (budgetId: string, query = '') => (await api.call('GET', `/v1/budgets/${budgetId}/alerts${query}`, { key })).body.items as any[];
const eventsOf = (budgetId: string, type?: string) => api.events.filter((event) => event.budgetId === budgetId && (!type || event.type === type));

describe('threshold alerts', () => {
  it('fires each threshold exactly once when concurrent writes race past several of them', async () => {
    const id = await budget();
    // 40 holds of 2.5 race from 0 % to 100 %: every threshold is crossed by exactly one of them.
    const answers = await Promise.all(Array.from({ length: 40 }, () => reserve(id, '2.5')));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    await api.stack.streams.drain();
    await api.stack.streams.drain();

    const alerts = await alertsOf(id);
    expect(alerts.map((alert) => alert.threshold).sort((a, b) => a - b)).toEqual([50, 75, 90, 100]);
    expect(Object.fromEntries(alerts.map((alert) => [alert.threshold, alert.severity]))).toEqual({ 50: 'info', 75: 'warning', 90: 'warning', 100: 'critical' });
    for (const alert of alerts) {
      expect(alert).toMatchObject({ budgetId: id, kind: 'actual', state: 'active' });
      expect(alert.utilization).toBeGreaterThanOrEqual(alert.threshold);
    }
    const crossed = eventsOf(id, 'budget.threshold_crossed');
    expect(crossed).toHaveLength(4);
    expect(new Set(crossed.map((event) => event.id)).size).toBe(4);
  });

  it('resolves when a release brings utilization back under, and fires again on a new crossing', async () => {
    const id = await budget({ thresholds: [50, 90] });
    const big = await reserve(id, '60');
    await reserve(id, '35');
    await api.stack.streams.drain();
    expect((await alertsOf(id, '?state=active')).map((alert) => alert.threshold).sort()).toEqual([50, 90]);

    await api.call('POST', `/v1/reservations/${big.body.id}/release`, { key });
    await api.stack.streams.drain();
    await api.stack.streams.drain();
    const resolved = await alertsOf(id, '?state=resolved');
    expect(resolved.map((alert) => alert.threshold).sort()).toEqual([50, 90]);
    expect(resolved.every((alert) => typeof alert.resolvedAt === 'string')).toBe(true);
    expect(eventsOf(id, 'budget.threshold_resolved').map((event) => (event.data as { threshold: number }).threshold).sort()).toEqual([50, 90]);

    await reserve(id, '20');
    await api.stack.streams.drain();
    await api.stack.streams.drain();
    const alerts = await alertsOf(id);
    expect(alerts.find((alert) => alert.threshold === 50)).toMatchObject({ state: 'active' });
    expect(alerts.find((alert) => alert.threshold === 90)).toMatchObject({ state: 'resolved' });
    const fired50 = eventsOf(id, 'budget.threshold_crossed').filter((event) => (event.data as { threshold: number }).threshold === 50);
    expect(fired50).toHaveLength(2);
    expect(new Set(fired50.map((event) => event.id)).size).toBe(2);
  });

  it('resolves on an adjustment that raises the limit, and a cut fires again', async () => {
    const id = await budget({ thresholds: [80] });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '85' } });
    await api.stack.streams.drain();
    expect((await alertsOf(id))[0]).toMatchObject({ threshold: 80, state: 'active' });
    await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '50', reason: 'top-up' } });
    await api.stack.streams.drain();
    await api.stack.streams.drain();
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'resolved' });
    await api.call('POST', `/v1/budgets/${id}/adjustments`, { key, body: { amount: '-50', reason: 'cut' } });
    await api.stack.streams.drain();
    await api.stack.streams.drain();
    expect((await alertsOf(id))[0]).toMatchObject({ state: 'active' });
  });

  it('acknowledges, keeps the first acknowledgement, filters by state, and enforces roles and tenants', async () => {
    const id = await budget({ thresholds: [10] });
    await reserve(id, '20');
    await api.stack.streams.drain();
    const [alert] = await alertsOf(id);
    expect(alert).toMatchObject({ state: 'active' });

    const viewer = await api.newKey(key, ['viewer']);
    expect((await api.call('POST', `/v1/alerts/${alert.id}/acknowledge`, { key: viewer })).status).toBe(403);
    const other = await api.newTenant('other');
    const foreign = await api.call('POST', `/v1/alerts/${alert.id}/acknowledge`, { key: other.adminKey });
    expect(foreign.status).toBe(404);
    expect(slugOf(foreign.body)).toBe('not-found');

    const first = await api.call('POST', `/v1/alerts/${alert.id}/acknowledge`, { key });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: alert.id, state: 'acknowledged' });
    const again = await api.call('POST', `/v1/alerts/${alert.id}/acknowledge`, { key });
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);

    const listed = await api.call('GET', `/v1/alerts?budgetId=${id}&state=acknowledged`, { key });
    expect(listed.body.items.map((item: any) => item.id)).toEqual([alert.id]);
    expect((await api.call('GET', `/v1/alerts?budgetId=${id}&state=active`, { key })).body.items).toEqual([]);
    expect((await api.call('GET', `/v1/alerts?budgetId=${id}`, { key: other.adminKey })).body.items).toEqual([]);
    expect((await api.call('GET', `/v1/budgets/${id}/alerts`, { key: other.adminKey })).status).toBe(404);
    expect((await api.call('POST', '/v1/alerts/alr_nope/acknowledge', { key })).status).toBe(404);
    expect(slugOf((await api.call('GET', '/v1/alerts?state=firing', { key })).body)).toBe('validation-error');
  });

  it('lists the tenant\'s alerts newest first across budgets, page by page', async () => {
    const { adminKey } = await api.newTenant('pages');
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const created = await api.call('POST', '/v1/budgets', {
        key: adminKey,
        body: { name: `P${index}`, scope: { type: 'team', id: 'p' }, currency: 'EUR', limit: '10', period: { type: 'monthly' }, thresholds: [50, 100] },
      });
      ids.push(created.body.id);
      await api.call('POST', `/v1/budgets/${created.body.id}/usage`, { key: adminKey, body: { amount: '10' } });
    }
    await api.stack.streams.drain();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.call('GET', `/v1/alerts?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: adminKey });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: any) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });
});
