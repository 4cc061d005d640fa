import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '../../local/functions.js';
import type { BudgetEvent } from '../../shared/schemas/events.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { DynamoReconciliationStore } from '../../shared/adapters/dynamodb/reconciliation-store.js';
import { budgetMaker, startTestApi, utcDaysAgo, type TestApi } from '../support/local-api.js';

/**
 * Issue 13, compare mode end to end as under `npm start`: FOCUS days imported beside
 * recorded usage, the reconciliation route's `actuals` and `variance`, and the
 * reconciliation job's `budget.variance_detected` (once per tolerance step, through the
 * stream consumer).
 */
const DAY_MS = 86_400_000;
let api: TestApi;
let key: string;
let tenantId: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key, tenantId } = await api.newTenant('variance'));
});
afterAll(async () => api?.stop());

// Ten days old, straight in the table: the files' last days fall within their lives.
const budget = budgetMaker(() => api, () => key, { name: 'cost', scope: { type: 'team', id: 'variance' }, limit: '1000', period: { type: 'lifetime' } },
  { backdateDaysOf: () => ({ tenantId, days: 10 }) });
const daysAgo = utcDaysAgo;
const HEADER = 'ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,SubAccountId,RegionId,Tags';
const focus = (days: Array<[date: string, cost: string]>, service: string) =>
  ['', ...days.map(([date, cost]) => `${date}T00:00:00Z,${date}T23:59:59Z,${cost},USD,${service},123456789012,us-east-1,`)].join('\n').replace(/^/, HEADER);
async function importDays(days: Array<[string, string]>, service: string) {
  const answer = await api.call('POST', '/v1/cost-imports', { key, rawBody: focus(days, service), headers: { 'Content-Type': 'text/csv' } });
  expect(answer.status).toBe(200);
}
async function usage(id: string, amount: string, daysBack: number) {
  const answer = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount, occurredAt: new Date(Date.now() - daysBack * DAY_MS).toISOString() } });
  expect(answer.status).toBe(201);
}
const reconciliation = async (id: string) => (await api.call('GET', `/v1/budgets/${id}/reconciliation`, { key })).body;
async function runReconciliationJob() {
  const handler = await loadHandler<(event: unknown, context: unknown) => Promise<Record<string, number>>>('reconcile');
  const run = await handler({}, lambdaContext('reconcile'));
  await api.stack.streams.drain();
  return run;
}
const variancesOf = (id: string) => api.events.filter((event): event is Extract<BudgetEvent, { type: 'budget.variance_detected' }> =>
  event.type === 'budget.variance_detected' && event.budgetId === id);

describe('compare mode', () => {
  it('reports actual against recorded spend, and publishes a variance once per tolerance step', async () => {
    const id = await budget({ name: 'compared', costSource: { provider: 'focus', filter: { services: ['Compared'] }, mode: 'compare', tolerancePercent: 5 } });
    const plain = await budget({ name: 'no source' });
    const [d1, d2] = [daysAgo(3), daysAgo(2)];
    await usage(id, '100', 3);

    // Before any import: actuals of no day, and nothing to compare.
    expect(await reconciliation(id)).toMatchObject({ actuals: { source: 'focus', amount: '0', asOf: null, days: 0 }, variance: null });
    expect(await reconciliation(plain)).toMatchObject({ actuals: null, variance: null });

    await importDays([[d1, '60'], [d2, '40']], 'Compared');
    const even = await reconciliation(id);
    expect(even).toMatchObject({
      consistent: true, counters: { spent: '100' }, actuals: { source: 'focus', amount: '100', days: 2 }, variance: { amount: '0', percent: 0, withinTolerance: true },
    });
    expect(Date.parse(even.actuals.asOf)).toBeGreaterThan(Date.now() - 60_000);
    await runReconciliationJob();
    expect(variancesOf(id)).toHaveLength(0);

    // 107 against 100: 7 % is one 5 % step out.
    await importDays([[d2, '47']], 'Compared');
    expect((await reconciliation(id)).variance).toEqual({ amount: '7', percent: 7, withinTolerance: false });
    expect((await runReconciliationJob()).variances).toBe(1);
    expect(variancesOf(id)).toHaveLength(1);
    expect(variancesOf(id)[0]).toMatchObject({
      severity: 'warning',
      data: { source: 'focus', actual: '107', actualDays: 2, spent: '100', variance: { amount: '7', percent: 7 }, tolerancePercent: 5, step: 1, period: { key: 'lifetime' } },
    });

    // The same findings again, and a wobble inside the step: nothing new.
    await runReconciliationJob();
    await importDays([[d2, '48']], 'Compared');
    await runReconciliationJob();
    expect(variancesOf(id)).toHaveLength(1);

    // Another step (11 %): news again, with its own id.
    await importDays([[d2, '51']], 'Compared');
    await runReconciliationJob();
    expect(variancesOf(id).map((event) => event.data.step)).toEqual([1, 2]);
    expect(new Set(variancesOf(id).map((event) => event.id)).size).toBe(2);

    // Back a step (8 %) and over it again (11 %): a wobble across a boundary is not news.
    await importDays([[d2, '48']], 'Compared');
    await runReconciliationJob();
    await importDays([[d2, '51']], 'Compared');
    await runReconciliationJob();
    expect(variancesOf(id)).toHaveLength(2);

    // Recorded spend catches up (within tolerance), then falls behind again: the second departure is news too.
    await usage(id, '9', 2);
    await runReconciliationJob();
    expect(variancesOf(id)).toHaveLength(2);
    await importDays([[d2, '56']], 'Compared');
    await runReconciliationJob();
    expect(variancesOf(id).map((event) => event.data.step)).toEqual([1, 2, 1]);
    expect(variancesOf(id)[2]!.data).toMatchObject({ actual: '116', spent: '109', variance: { amount: '7', percent: 6.42 } });

    // Spend recorded past the actuals: a negative variance, and a step of its own sign.
    await usage(id, '100', 1);
    await runReconciliationJob();
    expect(variancesOf(id).at(-1)!.data).toMatchObject({ spent: '209', variance: { amount: '-93', percent: -44.5 }, step: -8 });
  });

  it('never notes a variance from a check older than the one noted', async () => {
    const store = new DynamoReconciliationStore(tableContextFromEnv());
    const finding = (revision: number, checkedAtMs: number, step: number) => ({
      tenantId, budgetId: 'bud_stale', periodKey: 'lifetime', checkedAtMs, id: `var_${revision}_${checkedAtMs}`, revision, spentMicros: 100_000_000n,
      actuals: { source: 'focus' as const, amountMicros: 110_000_000n, asOfMs: 1, days: 1 }, variance: { amountMicros: 10_000_000n, percent: 10, withinTolerance: false, step },
      peakStep: step, tolerancePercent: 5,
    });
    expect(await store.noteVariance(finding(1, 2_000, 2))).toBe(true);
    // A run that checked earlier (at 1,000) and read revision 1: its step is older than the one noted.
    expect(await store.noteVariance(finding(2, 1_000, 1))).toBe(false);
    expect(await store.noteVariance(finding(1, 3_000, 1))).toBe(false);
    expect(await store.noteVariance(finding(2, 3_000, 1))).toBe(true);
    expect((await store.lastVariance(tenantId, 'bud_stale', 'lifetime'))).toMatchObject({ revision: 2, checkedAtMs: 3_000, peakStep: 1 });
  });

  it('shows a tracked budget its variance but publishes none: there, the actuals are the spend', async () => {
    const parent = await budget({ name: 'tracked parent', costSource: { provider: 'focus', filter: { services: ['Tracked'] }, mode: 'track', tolerancePercent: 5 } });
    const child = await budget({ name: 'tracked child', parentId: parent });
    await importDays([[daysAgo(2), '50']], 'Tracked');
    await usage(child, '20', 1);
    expect(await reconciliation(parent)).toMatchObject({
      consistent: true, counters: { spent: '70' }, actuals: { amount: '50', days: 1 }, variance: { amount: '-20', percent: -28.57, withinTolerance: false },
    });
    await runReconciliationJob();
    expect(variancesOf(parent)).toHaveLength(0);
  });
});
