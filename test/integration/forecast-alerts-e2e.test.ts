import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '../../local/functions.js';
import { backdateBudget, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 12, end to end as under `npm start`: usage recorded through the API on past days
 * becomes daily history by the stream consumer, the forecasting job's handler (as the local
 * scheduler runs it) fires the `forecast` alert, and the stream consumer turns the alert into
 * one `budget.threshold_crossed` notification with `kind: forecast`; a second run sends nothing.
 */
const DAY_MS = 86_400_000;
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const runForecastJob = async () => (await loadHandler<(event: unknown, context: unknown) => Promise<unknown>>('forecast'))({}, lambdaContext('forecast'));

describe('forecast alerts through the local stack', () => {
  it('notify once when the projection crosses a forecast threshold', async () => {
    const { tenantId, adminKey: key } = await api.newTenant('forecast-e2e');
    const created = await api.call('POST', '/v1/budgets', {
      key, body: { name: 'gpu', scope: { type: 'team', id: 'ml' }, currency: 'USD', limit: '1500', period: { type: 'lifetime' }, thresholds: [90], forecastThresholds: [100] },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    // Ten days old, as if it had been created then: the history below falls after its creation.
    await backdateBudget(tenantId, id, 10);
    for (let daysAgo = 9; daysAgo >= 1; daysAgo--) {
      const usage = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '100', occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString() } });
      expect(usage.status).toBe(201);
    }
    await api.stack.streams.drain();
    // 900 spent, about 100 a day for the 30 days a lifetime budget looks ahead: far past 1,500.
    await runForecastJob();
    await api.stack.streams.drain();
    const crossed = api.events.filter((event) => event.type === 'budget.threshold_crossed' && event.budgetId === id && event.data.kind === 'forecast');
    expect(crossed).toHaveLength(1);
    expect(crossed[0]).toMatchObject({ severity: 'critical', data: { threshold: 100, kind: 'forecast' } });
    const alerts = await api.call('GET', `/v1/budgets/${id}/alerts`, { key });
    expect(alerts.body.items.filter((alert: { kind: string }) => alert.kind === 'forecast')).toMatchObject([{ threshold: 100, state: 'active', severity: 'critical' }]);

    await runForecastJob();
    await api.stack.streams.drain();
    expect(api.events.filter((event) => event.type === 'budget.threshold_crossed' && event.budgetId === id && event.data.kind === 'forecast')).toHaveLength(1);
  });
});
