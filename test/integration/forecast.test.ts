import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetStore, DynamoMoneyStore, DynamoSpendHistoryStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { BudgetForecaster } from '../../shared/domain/forecasting/budget-forecast.js';
import { createForecasting } from '../../shared/app/forecasting.js';
import { createServices } from '../../shared/app/services.js';
import { formatAmount, parseAmount } from '../../shared/domain/common/amount.js';
import { budgetForecastView } from '../../shared/http/views/forecasts.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 12: GET /v1/budgets/{id}/forecast. The projection is driven on the services' clock
 * with a known daily history (written to the history store as the stream consumer would);
 * the route's shape and its refusals go through the local gateway.
 */
const clock = { nowMs: Date.parse('2026-10-01T09:00:00Z') };
let table: TableContext;
let api: TestApi;
let key: string;

beforeAll(async () => {
  table = tableContext(await newMoneyTable('forecast'));
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('forecast'));
});
afterAll(async () => api?.stop());

const services = () => createServices(table, { nowMs: () => clock.nowMs });
const forecasting = () => createForecasting(table, { nowMs: () => clock.nowMs });
const DAY_MS = 86_400_000;

/** A monthly UTC budget created on Oct 1 that has spent `perDay` every day since, and `today` so far on Nov 24. */
async function steadySpender(tenantId: string, limit: string, perDay: number, today: number) {
  clock.nowMs = Date.parse('2026-10-01T09:00:00Z');
  const body = CreateBudgetBody.parse({ name: 'steady', scope: { type: 'team', id: 'f' }, currency: 'USD', limit, period: { type: 'monthly' } });
  const id = ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
  const history = new DynamoSpendHistoryStore(table);
  let movement = 0;
  for (let atMs = Date.parse('2026-10-01T12:00:00Z'); atMs < Date.parse('2026-11-24T00:00:00Z'); atMs += DAY_MS) {
    const date = new Date(atMs).toISOString().slice(0, 10);
    await history.add({ tenantId, budgetId: id, date, periodKey: date.slice(0, 7), movementCount: ++movement, spentDeltaMicros: parseAmount(String(perDay)) });
  }
  await history.add({ tenantId, budgetId: id, date: '2026-11-24', periodKey: '2026-11', movementCount: ++movement, spentDeltaMicros: parseAmount(String(today)) });
  // The November counter, as the movements above left it: 23 days and today's part.
  clock.nowMs = Date.parse('2026-11-24T12:00:00Z');
  await services().money.recordUsage({ tenantId, keyId: 'key_test' }, id, { amountMicros: parseAmount(String(23 * perDay + today)), occurredAtMs: Date.parse('2026-11-10T00:00:00Z') }, { respond: () => ({ status: 201, body: {} }) });
  return id;
}

describe('the budget forecast', () => {
  it('projects a steady spender to the period end, with the day the money runs out and bounds that bracket it', async () => {
    const id = await steadySpender('forecast-steady', '280', 10, 5);
    const forecast = budgetForecastView(await forecasting().forecasts.forecast('forecast-steady', id));
    expect(forecast).toMatchObject({ budgetId: id, periodKey: '2026-11', periodEnd: '2026-12-01T00:00:00.000Z', limit: '280', spentToDate: '235', history: { from: '2026-10-01', to: '2026-11-24', days: 55 } });
    expect(forecast.method).not.toBe('run_rate');
    // 23 days of 10, today's 10, six more days of 10: 300.
    expect(Number(forecast.projectedSpend)).toBeGreaterThan(290);
    expect(Number(forecast.projectedSpend)).toBeLessThan(310);
    expect(forecast.projectedUtilization).toBeGreaterThan(100);
    expect(forecast.probabilityOfExceeding).toBeGreaterThan(0.9);
    const [p80, p95] = forecast.intervals;
    expect([p80!.level, p95!.level]).toEqual([80, 95]);
    expect(Number(p95!.lower)).toBeLessThanOrEqual(Number(p80!.lower));
    expect(Number(p80!.lower)).toBeLessThanOrEqual(Number(forecast.projectedSpend));
    expect(Number(forecast.projectedSpend)).toBeLessThanOrEqual(Number(p80!.upper));
    expect(Number(p80!.upper)).toBeLessThanOrEqual(Number(p95!.upper));
    // Cumulative: 240 at the end of the 24th, 280 at the end of the 28th.
    expect(['2026-11-27', '2026-11-28', '2026-11-29']).toContain(forecast.exhaustion.date);
    expect(forecast.daily.filter((day) => 'actual' in day)).toHaveLength(23);
    expect(forecast.daily.filter((day) => 'forecast' in day).map((day) => day.date)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']);
    expect(forecast.daily[0]).toEqual({ date: '2026-11-01', actual: '10' });
  });

  it('says no exhaustion when the projection stays under the limit', async () => {
    const id = await steadySpender('forecast-room', '1000', 10, 5);
    const forecast = await forecasting().forecasts.forecast('forecast-room', id, { levels: [90] });
    expect(forecast.exhaustion).toEqual({ date: null, earliest: null, latest: null });
    expect(forecast.intervals.map((bound) => bound.level)).toEqual([90]);
    expect(forecast.probabilityOfExceeding).toBeLessThan(0.01);
    expect(formatAmount(forecast.limitMicros)).toBe('1000');
  });
});

/** A forecaster whose history store counts the full-history reads a model fit makes. */
function countingForecaster() {
  const history = new DynamoSpendHistoryStore(table);
  const fits = { count: 0 };
  const counting = Object.assign(Object.create(history) as DynamoSpendHistoryStore, {
    days: (...args: Parameters<DynamoSpendHistoryStore['days']>) => {
      fits.count += 1;
      return history.days(...args);
    },
  });
  const forecaster = new BudgetForecaster({ budgets: new DynamoBudgetStore(table), money: new DynamoMoneyStore(table), history: counting, nowMs: () => clock.nowMs });
  return { forecaster, fits, history };
}

describe('the kept model', () => {
  it('is fitted once a day and read back by later forecasts, which still project from the live figures', async () => {
    const id = await steadySpender('forecast-kept', '280', 10, 5);
    const { forecaster, fits, history } = countingForecaster();
    const first = await forecaster.forecast('forecast-kept', id);
    expect(fits.count).toBe(1);
    expect((await history.daysAndModel('forecast-kept', id, '2026-11-01', '2026-11-24')).model).toMatchObject({ throughDate: '2026-11-23', checkFromDate: '2026-11-01', checkSumMicros: parseAmount('230') });
    clock.nowMs = Date.parse('2026-11-24T18:00:00Z');
    const later = await forecaster.forecast('forecast-kept', id);
    expect(fits.count).toBe(1);
    expect(later.method).toBe(first.method);
    // Six more hours of the day have gone by at the same spend: a quarter of a day's 10 less to come.
    expect(Number(first.projectedSpendMicros - later.projectedSpendMicros) / 1e6).toBeCloseTo(2.5, 1);
  });

  it('is refitted when spend is backdated into the period under it, and on the next day', async () => {
    const id = await steadySpender('forecast-refit', '280', 10, 5);
    const { forecaster, fits, history } = countingForecaster();
    await forecaster.forecast('forecast-refit', id);
    await history.add({ tenantId: 'forecast-refit', budgetId: id, date: '2026-11-20', periodKey: '2026-11', movementCount: 1_000, spentDeltaMicros: parseAmount('40') });
    await forecaster.forecast('forecast-refit', id);
    expect(fits.count).toBe(2);
    expect((await history.daysAndModel('forecast-refit', id, '2026-11-01', '2026-11-24')).model?.checkSumMicros).toBe(parseAmount('270'));
    clock.nowMs = Date.parse('2026-11-25T01:00:00Z');
    await forecaster.forecast('forecast-refit', id);
    expect(fits.count).toBe(3);
    expect((await history.daysAndModel('forecast-refit', id, '2026-11-01', '2026-11-25')).model?.throughDate).toBe('2026-11-24');
  });

  it('is not replaced by a forecast as of another day', async () => {
    const id = await steadySpender('forecast-asof', '280', 10, 5);
    const { forecaster, history } = countingForecaster();
    await forecaster.forecast('forecast-asof', id);
    await forecaster.forecast('forecast-asof', id, { atMs: Date.parse('2026-11-15T12:00:00Z') });
    expect((await history.daysAndModel('forecast-asof', id, '2026-11-01', '2026-11-24')).model?.throughDate).toBe('2026-11-23');
  });
});

const budget = budgetMaker(() => api, () => key, { name: 'F', scope: { type: 'team', id: 'forecast' }, limit: '100' });

describe('GET /v1/budgets/{id}/forecast', () => {
  it('answers a budget with no history yet by the run rate, with intervals all the same', async () => {
    const id = await budget({});
    expect((await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '12' } })).status).toBe(201);
    await api.stack.streams.drain();
    const answer = await api.call('GET', `/v1/budgets/${id}/forecast?levels=80,95`, { key });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ budgetId: id, currency: 'USD', method: 'run_rate', spentToDate: '12', limit: '100', history: { days: 1 } });
    expect(answer.body.intervals).toHaveLength(2);
    expect(Number(answer.body.projectedSpend)).toBeGreaterThanOrEqual(12);
  });

  it('refuses bad levels, an instant outside a custom period, and an unknown budget', async () => {
    const id = await budget({ period: { type: 'custom', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' } });
    for (const [query, pointer] of [['levels=40', '/query/levels'], ['levels=80,80', '/query/levels'], ['levels=abc', '/query/levels'], ['at=2027-01-01T00:00:00Z', '/query/at']] as const) {
      const answer = await api.call('GET', `/v1/budgets/${id}/forecast?${query}`, { key });
      expect(answer.status, query).toBe(400);
      expect(slugOf(answer.body)).toBe('validation-error');
      // A level out of range is named by its place: `/query/levels/0`.
      expect(answer.body.errors.some((error: { pointer: string }) => error.pointer.startsWith(pointer)), JSON.stringify(answer.body.errors)).toBe(true);
    }
    expect((await api.call('GET', '/v1/budgets/bud_missing/forecast', { key })).status).toBe(404);
  });
});
