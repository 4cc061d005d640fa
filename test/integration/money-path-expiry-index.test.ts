import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '../../shared/adapters/dynamodb/index.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { createBudget, newMoneyTable, plainServices, reserveOn, servicesAt, tableContext, type PlainServices } from '../support/money-table.js';

/**
 * Issue 10, defect 10: the expiry index (gsi2) was keyed `HELD#<shard>` / `PENDING#<shard>`
 * with the shard chosen by tenant, so every hold of a tenant wrote one index partition. The
 * shard now comes from the item's own id; the sweeper reads every shard.
 */
let table: TableContext;
let plain: PlainServices;
beforeAll(async () => {
  table = tableContext(await newMoneyTable('expiry-index'));
  plain = plainServices(table);
});

async function indexKeyOf(pk: string, sk: string): Promise<string | undefined> {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }));
  return Item?.gsi2pk as string | undefined;
}

const newTenant = () => `idx-${randomUUID().slice(0, 8)}`;

async function holds(tenantId: string, budgetId: string, count: number, ttlSeconds: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) ids.push((await reserveOn(plain.money, tenantId, budgetId, '1', ttlSeconds)).body.id);
  return ids;
}

describe('the expiry index', () => {
  it('spreads the holds and pending approvals of one tenant over several shards', async () => {
    const tenantId = newTenant();
    const budgetId = await createBudget(plain, tenantId, { limit: '1000' });
    const held = await holds(tenantId, budgetId, 40, 600);
    const shards = new Set(await Promise.all(held.map((id) => indexKeyOf(keys.reservationPk(tenantId, id), keys.reservationSk()))));
    expect([...shards].every((shard) => shard?.startsWith('HELD#'))).toBe(true);
    // 40 ids over 32 shards fill about 23 of them; fewer than 8 has a probability far below 10^-12.
    expect(shards.size).toBeGreaterThanOrEqual(8);

    const needsApproval = await createBudget(plain, tenantId, { limit: '1', enforcement: 'approval' });
    const approvals: string[] = [];
    for (let index = 0; index < 12; index++) approvals.push((await reserveOn(plain.money, tenantId, needsApproval, '10')).body.approvalId!);
    const approvalShards = new Set(await Promise.all(approvals.map((id) => indexKeyOf(keys.approvalPk(tenantId, id), keys.approvalSk()))));
    expect([...approvalShards].every((shard) => shard?.startsWith('PENDING#'))).toBe(true);
    expect(approvalShards.size).toBeGreaterThanOrEqual(3);
  });

  it('still gives the sweeper every due hold and approval of one tenant, then of all tenants, and nothing that is not due', async () => {
    const [first, second] = [newTenant(), newTenant()];
    const due = new Map<string, string[]>();
    const notDue = new Map<string, string[]>();
    const dueApprovals = new Map<string, string[]>();
    for (const tenantId of [first, second]) {
      const budgetId = await createBudget(plain, tenantId, { limit: '1000' });
      due.set(tenantId, await holds(tenantId, budgetId, 20, 60));
      notDue.set(tenantId, await holds(tenantId, budgetId, 5, 3600));
      const needsApproval = await createBudget(plain, tenantId, { limit: '1', enforcement: 'approval', approvalPolicy: { ttlSeconds: 60 } });
      const approvals: string[] = [];
      for (let index = 0; index < 6; index++) approvals.push((await reserveOn(plain.money, tenantId, needsApproval, '10')).body.approvalId!);
      dueApprovals.set(tenantId, approvals);
    }
    const sweeper = servicesAt(table, Date.now() + 61_000);
    const statusOf = async (tenantId: string, ids: string[]) => Promise.all(ids.map(async (id) => (await plain.money.getReservation(tenantId, id)).status));
    const approvalStatusOf = async (tenantId: string, ids: string[]) => Promise.all(ids.map(async (id) => (await plain.approvals.get(tenantId, id)).status));

    expect(await sweeper.money.expireDue(undefined, first)).toBe(20);
    expect(await sweeper.approvals.expireDue(undefined, first)).toBe(6);
    expect(new Set(await statusOf(first, due.get(first)!))).toEqual(new Set(['expired']));
    expect(new Set(await approvalStatusOf(first, dueApprovals.get(first)!))).toEqual(new Set(['expired']));
    expect(new Set(await statusOf(second, due.get(second)!))).toEqual(new Set(['held']));
    expect(new Set(await approvalStatusOf(second, dueApprovals.get(second)!))).toEqual(new Set(['pending']));

    expect(await sweeper.money.expireDue(undefined, undefined)).toBe(20);
    expect(await sweeper.approvals.expireDue(undefined, undefined)).toBe(6);
    expect(new Set(await statusOf(second, due.get(second)!))).toEqual(new Set(['expired']));
    expect(new Set(await approvalStatusOf(second, dueApprovals.get(second)!))).toEqual(new Set(['expired']));
    for (const tenantId of [first, second]) expect(new Set(await statusOf(tenantId, notDue.get(tenantId)!))).toEqual(new Set(['held']));
  });
});
