import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBudget, expectReconciled, newMoneyTable, plainServices, reserveOn, servicesAt, tableContext, type PlainServices } from '../support/money-table.js';

/**
 * Issue 10, defect 11: a refused hold expired every due hold of the whole tenant on the
 * request path. It now expires only due holds that count against the budget that refused
 * (a hold's chain lists every budget it counts against), at most 25 per refusal; the rest
 * is the sweeper's. Expiry is reached by a clock 61 s ahead, not by waiting.
 */
let plain: PlainServices;
let tableName: string;
beforeAll(async () => {
  tableName = await newMoneyTable('refused');
  plain = plainServices(tableContext(tableName));
});

const newTenant = () => `ref-${randomUUID().slice(0, 8)}`;
const later = () => servicesAt(tableContext(tableName), Date.now() + 61_000);
const statusOf = async (tenantId: string, reservationId: string) => (await plain.money.getReservation(tenantId, reservationId)).status;

describe('a hold refused only because of due holds', () => {
  it('expires the due holds of the budget that refused and succeeds, leaving an unrelated budget\'s due holds to the sweeper', async () => {
    const tenantId = newTenant();
    const a = await createBudget(plain, tenantId, { limit: '10' });
    const b = await createBudget(plain, tenantId, { limit: '10' });
    const staleA = await reserveOn(plain.money, tenantId, a, '10', 60);
    const staleB = await reserveOn(plain.money, tenantId, b, '5', 60);

    const clock = later();
    const fresh = await reserveOn(clock.money, tenantId, a, '10');
    expect(fresh.status).toBe(201);
    expect(await statusOf(tenantId, staleA.body.id)).toBe('expired');
    expect(await statusOf(tenantId, staleB.body.id)).toBe('held');
    expect((await plain.money.status(tenantId, b)).reservedMicros).toBe(5_000_000n);

    expect(await clock.money.expireDue(undefined, tenantId)).toBe(1);
    expect(await statusOf(tenantId, staleB.body.id)).toBe('expired');
    for (const budgetId of [a, b]) await expectReconciled(plain, tenantId, budgetId);
  });

  it('follows the chain: a parent that refuses frees the due holds of any child below it, not of another root', async () => {
    const tenantId = newTenant();
    const parent = await createBudget(plain, tenantId, { limit: '10' });
    const [left, right] = [await createBudget(plain, tenantId, { limit: '10', parentId: parent }), await createBudget(plain, tenantId, { limit: '10', parentId: parent })];
    const other = await createBudget(plain, tenantId, { limit: '10' });
    const staleLeft = await reserveOn(plain.money, tenantId, left, '10', 60);
    const staleOther = await reserveOn(plain.money, tenantId, other, '10', 60);

    const fresh = await reserveOn(later().money, tenantId, right, '10');
    expect(fresh.status).toBe(201);
    expect(await statusOf(tenantId, staleLeft.body.id)).toBe('expired');
    expect(await statusOf(tenantId, staleOther.body.id)).toBe('held');
    for (const budgetId of [parent, other]) await expectReconciled(plain, tenantId, budgetId);
  });

  it('expires at most 25 due holds per refusal', async () => {
    const tenantId = newTenant();
    const budgetId = await createBudget(plain, tenantId, { limit: '30' });
    const stale: string[] = [];
    for (let index = 0; index < 30; index++) stale.push((await reserveOn(plain.money, tenantId, budgetId, '1', 60)).body.id);

    expect((await reserveOn(later().money, tenantId, budgetId, '1')).status).toBe(201);
    const statuses = await Promise.all(stale.map((id) => statusOf(tenantId, id)));
    // 25 = the bound per refusal (LAZY_EXPIRY_LIMIT in shared/domain/money/holds.ts).
    expect(statuses.filter((status) => status === 'expired')).toHaveLength(25);
    expect(statuses.filter((status) => status === 'held')).toHaveLength(5);
    await expectReconciled(plain, tenantId, budgetId);
  });
});
