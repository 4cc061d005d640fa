import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '../../shared/adapters/dynamodb/index.js';
import { createCosts } from '../../shared/app/costs.js';
import { createServices } from '../../shared/app/services.js';
import type { FocusCostRow } from '../../shared/domain/costs/import.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { expectReconciled, newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 13: whatever sequence of imports arrives (repeats, revisions up and down, credits,
 * two imports of one day racing), a tracked budget's spent, and its parent's, equal the
 * provider's latest figures exactly, and the ledger still explains the counters. Imports go
 * through the importer (as the FOCUS route and the Cost Explorer job do), on the services' clock.
 */
const DAY_MS = 86_400_000;
const NOW_MS = Date.parse('2026-11-20T15:00:00Z');
const DATES = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];
let table: TableContext;

beforeAll(async () => {
  table = tableContext(await newMoneyTable('cost-actuals'));
});

const clock = { nowMs: NOW_MS };
const services = () => createServices(table, { nowMs: () => clock.nowMs });
const costs = () => createCosts(table, { nowMs: () => clock.nowMs });

async function trackedPair(tenantId: string): Promise<{ parent: string; child: string }> {
  clock.nowMs = NOW_MS - 10 * DAY_MS;
  const create = async (fields: Record<string, unknown>) => {
    const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'costs' }, currency: 'USD', limit: '100000', period: { type: 'monthly' }, ...fields });
    return ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
  };
  const parent = await create({ name: 'org' });
  const child = await create({ name: 'gpu', parentId: parent, costSource: { provider: 'focus', filter: { services: ['GPU'] } } });
  clock.nowMs = NOW_MS;
  return { parent, child };
}

/** An import of some days: each day's figure is split over one to three rows, as exports do. */
const dayFigure = fc.record({ day: fc.nat(DATES.length - 1), cents: fc.integer({ min: -500, max: 50_000 }), rows: fc.integer({ min: 1, max: 3 }) });
const anImport = fc.uniqueArray(dayFigure, { selector: (figure) => figure.day, minLength: 1, maxLength: DATES.length });

function rowsOf(figures: ReadonlyArray<{ day: number; cents: number; rows: number }>): FocusCostRow[] {
  return figures.flatMap(({ day, cents, rows }) => Array.from({ length: rows }, (_, index) => {
    // Whole cents split so the rows add up to the figure exactly.
    const share = Math.trunc(cents / rows) + (index === 0 ? cents % rows : 0);
    return { date: DATES[day]!, billedCostMicros: BigInt(share) * 10_000n, currency: 'USD', serviceName: 'GPU', subAccountId: '1', regionId: 'us-east-1', tags: {} };
  }));
}

const importRows = (tenantId: string, rows: readonly FocusCostRow[]) => costs().importer.importFocus({ tenantId, keyId: 'key_test' }, testAudit, async (onRow) => {
  rows.forEach(onRow);
  return { rows: rows.length, invalidRows: [] };
});

describe('tracked actuals (property)', () => {
  it('leave spent equal to the provider\'s latest figures after any sequence of imports', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anImport, { minLength: 1, maxLength: 5 }), fc.boolean(), async (imports, raceTheLast) => {
        const tenantId = `cost-prop-${run++}`;
        const { parent, child } = await trackedPair(tenantId);
        const latest = new Map<string, bigint>();
        for (const [index, figures] of imports.entries()) {
          const racing = raceTheLast && index === imports.length - 1 && index > 0;
          if (racing) {
            // The previous import again, at the same time as this one: one of each day's figures wins, never both differences.
            await Promise.all([importRows(tenantId, rowsOf(imports[index - 1]!)), importRows(tenantId, rowsOf(figures))]);
          } else {
            await importRows(tenantId, rowsOf(figures));
            for (const { day, cents } of figures) latest.set(DATES[day]!, BigInt(cents) * 10_000n);
          }
        }
        const recorded = await costs().actuals.days(tenantId, child, { from: DATES[0]!, to: DATES[DATES.length - 1]! });
        const recordedTotal = recorded.reduce((sum, day) => sum + day.amountMicros, 0n);
        if (!raceTheLast || imports.length === 1) {
          expect(new Map(recorded.map((day) => [day.date, day.amountMicros]))).toEqual(new Map([...latest].sort()));
        }
        for (const id of [child, parent]) {
          expect((await services().money.status(tenantId, id)).spentMicros, id === child ? 'child' : 'parent').toBe(recordedTotal);
          await expectReconciled(services(), tenantId, id);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('still records a revised day of an earlier period after the budget was changed (its old counter is aligned)', async () => {
    const tenantId = 'cost-stale-counter';
    clock.nowMs = Date.parse('2026-10-10T00:00:00Z');
    const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'costs' }, currency: 'USD', limit: '1000', period: { type: 'monthly' }, costSource: { provider: 'focus', filter: { services: ['GPU'] } } });
    const id = ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
    const row = (date: string, dollars: bigint): FocusCostRow => ({ date, billedCostMicros: dollars * 1_000_000n, currency: 'USD', serviceName: 'GPU', subAccountId: '1', regionId: 'r', tags: {} });
    clock.nowMs = Date.parse('2026-10-21T00:00:00Z');
    await importRows(tenantId, [row('2026-10-20', 10n)]);
    clock.nowMs = Date.parse('2026-11-05T09:00:00Z');
    await services().budgets.patch(tenantId, id, { name: 'renamed' }, undefined, testAudit);
    clock.nowMs = Date.parse('2026-11-06T09:00:00Z');
    const result = await importRows(tenantId, [row('2026-10-20', 12n), row('2026-11-05', 5n)]);
    expect(result.matched).toMatchObject([{ budgetId: id, changedDays: 2, failedDays: 0 }]);
    expect((await services().money.status(tenantId, id, Date.parse('2026-10-20T12:00:00Z'))).spentMicros).toBe(12_000_000n);
    expect((await services().money.status(tenantId, id)).spentMicros).toBe(5_000_000n);
    clock.nowMs = NOW_MS;
  });

  it('skips a provider day that falls before the first period of a budget east of UTC', async () => {
    const tenantId = 'cost-sydney';
    clock.nowMs = Date.parse('2026-11-05T00:00:00Z');
    const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'costs' }, currency: 'USD', limit: '1000', period: { type: 'monthly', timezone: 'Australia/Sydney' }, costSource: { provider: 'focus', filter: { services: ['GPU'] } } });
    const id = ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) })).body as { id: string }).id;
    clock.nowMs = Date.parse('2026-11-06T00:00:00Z');
    const rows: FocusCostRow[] = ['2026-10-31', '2026-11-01'].map((date) => ({ date, billedCostMicros: 7_000_000n, currency: 'USD', serviceName: 'GPU', subAccountId: '1', regionId: 'r', tags: {} }));
    const result = await importRows(tenantId, rows);
    // Noon UTC of Oct 31 is 23:00 on Oct 31 in Sydney: October, a period this budget never had.
    expect(result.matched).toMatchObject([{ budgetId: id, changedDays: 1, skippedDays: 1 }]);
    expect((await services().money.status(tenantId, id)).spentMicros).toBe(7_000_000n);
    clock.nowMs = NOW_MS;
  });
});
