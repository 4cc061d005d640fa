import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '../../shared/adapters/dynamodb/index.js';
import { createReporting } from '../../shared/app/reports.js';
import { createServices } from '../../shared/app/services.js';
import { formatAmount, parseAmount } from '../../shared/domain/common/amount.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/** Issue 14: a budget's trend from its period records, driven by the services' clock (months pass without sleeping). */
let table: TableContext;
const clock = { nowMs: 0 };

beforeAll(async () => {
  table = tableContext(await newMoneyTable('trend'));
});

const services = () => createServices(table, { nowMs: () => clock.nowMs });
const reporting = () => createReporting(table, { nowMs: () => clock.nowMs });
const at = (iso: string) => { clock.nowMs = Date.parse(iso); };

async function budgetAt(iso: string, tenantId: string, fields: Record<string, unknown>): Promise<string> {
  at(iso);
  const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'trend' }, currency: 'USD', limit: '100', period: { type: 'monthly' }, ...fields });
  return ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
}
const usage = (tenantId: string, budgetId: string, amount: string) =>
  services().money.recordUsage({ tenantId, keyId: 'key_test' }, budgetId, { amountMicros: parseAmount(amount) }, { respond: (record) => ({ status: 201, body: record }) });
const trend = async (tenantId: string, budgetId: string, periods: number, atIso?: string) =>
  (await reporting().trend(tenantId, budgetId, { periods, ...(atIso && { atMs: Date.parse(atIso) }) })).map((period) => [
    period.window.key, period.state, formatAmount(period.limitMicros), formatAmount(period.spentMicros), period.utilization, formatAmount(period.rolloverInMicros),
  ]);

describe('the trend', () => {
  it('lists the periods oldest first: closed ones frozen with what rolled in, the open one live, none before the budget existed', async () => {
    const id = await budgetAt('2026-08-10T12:00:00Z', 'trend-1', { rollover: { enabled: true, max: '50' } });
    await usage('trend-1', id, '30');
    at('2026-09-15T12:00:00Z');
    await usage('trend-1', id, '70');
    at('2026-10-02T00:00:00Z');
    await services().money.closeDuePeriods(clock.nowMs);
    await services().money.closeDuePeriods(clock.nowMs);
    await usage('trend-1', id, '12.5');

    expect(await trend('trend-1', id, 12)).toEqual([
      ['2026-08', 'closed', '100', '30', 30, '0'],
      ['2026-09', 'closed', '150', '70', 46.66, '50'],
      ['2026-10', 'open', '150', '12.5', 8.33, '50'],
    ]);
    expect(await trend('trend-1', id, 2)).toEqual([
      ['2026-09', 'closed', '150', '70', 46.66, '50'],
      ['2026-10', 'open', '150', '12.5', 8.33, '50'],
    ]);
    expect(await trend('trend-1', id, 1, '2026-09-20T00:00:00Z')).toEqual([['2026-09', 'closed', '150', '70', 46.66, '50']]);
  });

  it('walks a year of quarters in a zone, and gives lifetime and custom budgets their one period', async () => {
    const quarterly = await budgetAt('2025-01-15T00:00:00Z', 'trend-2', { period: { type: 'quarterly', timezone: 'Asia/Tokyo' } });
    at('2026-11-20T00:00:00Z');
    expect((await trend('trend-2', quarterly, 36)).map(([key]) => key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const lifetime = await budgetAt('2026-01-01T00:00:00Z', 'trend-2', { period: { type: 'lifetime' } });
    expect(await trend('trend-2', lifetime, 36)).toEqual([['lifetime', 'open', '100', '0', 0, '0']]);
  });
});
