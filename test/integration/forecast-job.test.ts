import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoSpendHistoryStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { createForecasting } from '../../shared/app/forecasting.js';
import { createServices } from '../../shared/app/services.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { CreateBudgetBody, PatchBudgetBody } from '../../shared/schemas/budgets.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 12: the forecasting job's `forecast` alerts, on the services' clock: fired once when
 * the projection at period end reaches a threshold, resolved only 5 points under it, and
 * held back until the period has history enough.
 */
const clock = { nowMs: 0 };
let table: TableContext;

beforeAll(async () => {
  table = tableContext(await newMoneyTable('forecast-job'));
});

const services = () => createServices(table, { nowMs: () => clock.nowMs });
const forecasting = () => createForecasting(table, { nowMs: () => clock.nowMs });
const DAY_MS = 86_400_000;
const runJob = () => forecasting().forecastJob.run(() => 600_000);

/** A monthly UTC budget spending 10 a day from `fromIso` to Nov 23 and 5 so far on Nov 24 (now: Nov 24 12:00). */
async function spender(tenantId: string, fields: Record<string, unknown>, fromIso: string) {
  clock.nowMs = Date.parse(fromIso);
  await services().access.createTenant({ id: tenantId, name: tenantId }, testAudit);
  const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'f' }, currency: 'USD', limit: '280', period: { type: 'monthly' }, ...fields });
  const id = ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
  const history = new DynamoSpendHistoryStore(table);
  let movement = 0;
  let novemberMicros = 0n;
  for (let atMs = Date.parse(fromIso); atMs < Date.parse('2026-11-25T00:00:00Z'); atMs += DAY_MS) {
    const date = new Date(atMs).toISOString().slice(0, 10);
    const spent = parseAmount(date === '2026-11-24' ? '5' : '10');
    if (date.startsWith('2026-11')) novemberMicros += spent;
    await history.add({ tenantId, budgetId: id, date, periodKey: date.slice(0, 7), movementCount: ++movement, spentDeltaMicros: spent });
  }
  clock.nowMs = Date.parse('2026-11-24T12:00:00Z');
  if (novemberMicros > 0n) {
    await services().money.recordUsage({ tenantId, keyId: 'key_test' }, id, { amountMicros: novemberMicros, occurredAtMs: Date.parse('2026-11-20T00:00:00Z') }, { respond: () => ({ status: 201, body: {} }) });
  }
  return id;
}

const forecastAlerts = async (tenantId: string, budgetId: string) =>
  (await services().alerts.list(tenantId, { budgetId, limit: 100, cursor: undefined })).items
    .filter((alert) => alert.kind === 'forecast')
    .map((alert) => ({ threshold: alert.threshold, state: alert.state, firedCount: alert.firedCount }))
    .sort((a, b) => a.threshold - b.threshold);

describe('the forecasting job', () => {
  it('fires a forecast alert once when the projection reaches its threshold, and resolves it only 5 points under', async () => {
    const id = await spender('fj-over', { forecastThresholds: [100, 120] }, '2026-10-01T12:00:00Z');
    const first = await runJob();
    expect(first).toMatchObject({ failed: 0, passComplete: true });
    expect(await forecastAlerts('fj-over', id)).toEqual([{ threshold: 100, state: 'active', firedCount: 1 }]);
    clock.nowMs += 60_000;
    await runJob();
    expect(await forecastAlerts('fj-over', id)).toEqual([{ threshold: 100, state: 'active', firedCount: 1 }]);

    // ~300 projected: a limit of 310 puts it at ~97 %, inside the hysteresis band: still active.
    await services().budgets.patch('fj-over', id, PatchBudgetBody.parse({ limit: '310' }), undefined, testAudit);
    clock.nowMs += 60_000;
    await runJob();
    expect(await forecastAlerts('fj-over', id)).toEqual([{ threshold: 100, state: 'active', firedCount: 1 }]);

    // At 400 it is ~75 %: resolved.
    await services().budgets.patch('fj-over', id, PatchBudgetBody.parse({ limit: '400' }), undefined, testAudit);
    clock.nowMs += 60_000;
    const resolving = await runJob();
    expect(resolving.resolved).toBeGreaterThanOrEqual(1);
    expect(await forecastAlerts('fj-over', id)).toEqual([{ threshold: 100, state: 'resolved', firedCount: 1 }]);
  });

  it('waits for 3 days of history in the period (or a fifth of it) before raising anything', async () => {
    // Projected at several times a limit of 20: only the rule holds the alert back.
    const id = await spender('fj-young', { forecastThresholds: [50], limit: '20' }, '2026-11-23T12:00:00Z');
    const forecast = await forecasting().forecasts.forecast('fj-young', id);
    expect(Number(forecast.projectedSpendMicros)).toBeGreaterThan(Number(parseAmount('20')));
    await runJob();
    expect(await forecastAlerts('fj-young', id)).toEqual([]);
  });
});
