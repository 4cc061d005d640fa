import { beforeAll, describe, expect, it } from 'vitest';
import { createBudget, expectReconciled, newMoneyTable, plainServices, reserveOn, tableContext, type PlainServices } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Reconciliation after a move (found by the money simulator): a budget moved under another
 * parent leaves what it already counted in its old ancestors' periods (README, known limits),
 * so the old parent's counters must still equal the entries that name them.
 */
let services: PlainServices;
const tenantId = 'moved';

beforeAll(async () => {
  services = plainServices(tableContext(await newMoneyTable('moved')));
});

describe('reconciliation after a move', () => {
  it('still proves the old parent\'s counters once the child that moved money through them hangs elsewhere', async () => {
    const oldParent = await createBudget(services, tenantId, { limit: '100' });
    const newParent = await createBudget(services, tenantId, { limit: '100' });
    const child = await createBudget(services, tenantId, { limit: '50', parentId: oldParent });
    expect((await reserveOn(services.money, tenantId, child, '7')).status).toBe(201);
    await services.budgets.patch(tenantId, child, { parentId: newParent }, undefined, testAudit);

    await expectReconciled(services, tenantId, oldParent);
    await expectReconciled(services, tenantId, newParent);
    await expectReconciled(services, tenantId, child);
  });
});
