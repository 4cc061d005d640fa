import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { BudgetService, MAX_DESCENDANTS_PER_MOVE, type BudgetMove, type BudgetRecord, type BudgetStore } from '../../shared/domain/budgets/index.js';
import { BudgetArchivedError, BudgetExceededError, ConcurrentChangeError, ConflictError } from '../../shared/domain/common/index.js';
import { MoneyService } from '../../shared/domain/money/index.js';
import { statusView } from '../../shared/http/views/index.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { CreateReservationBody as ReserveBody } from '../../shared/schemas/money.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 10, defect 3: a move rewrites the ancestor path of every active descendant, and its
 * write proves it found them all. The interleavings are forced by a store wrapper (no sleeps):
 * the parent index missing a child (index lag), and a write committed between a read and its write.
 */
interface Hooks {
  /** Child id → how many more `children()` answers leave it out (Infinity: the index never catches up). */
  lag: Map<string, number>;
  /** Runs once, right before the first `update` it matches, then is forgotten. */
  beforeUpdate?: { matches: (before: BudgetRecord, move: BudgetMove | undefined) => boolean; run: () => Promise<unknown> } | undefined;
  /** Runs once, right before the next `create`, then is forgotten. */
  beforeCreate?: (() => Promise<unknown>) | undefined;
}

function hookedServices(table: TableContext, nowMs: () => number = Date.now) {
  const real = new DynamoBudgetStore(table);
  const hooks: Hooks = { lag: new Map() };
  const wrapped: BudgetStore = {
    get: (tenantId, budgetId) => real.get(tenantId, budgetId),
    getMany: (tenantId, budgetIds) => real.getMany(tenantId, budgetIds),
    list: (tenantId, filter, limit, cursor) => real.list(tenantId, filter, limit, cursor),
    allActive: (tenantId) => real.allActive(tenantId),
    createTree: (budgets, parent, idempotency, atMs, audit) => real.createTree(budgets, parent, idempotency, atMs, audit),
    withCostSource: (tenantId, provider) => real.withCostSource(tenantId, provider),
    children: async (tenantId, budgetId) => (await real.children(tenantId, budgetId)).filter((child) => {
      const misses = hooks.lag.get(child.id) ?? 0;
      if (misses > 0) hooks.lag.set(child.id, misses - 1);
      return misses === 0;
    }),
    create: async (budget, parent, idempotency, atMs, audit) => {
      const between = hooks.beforeCreate;
      hooks.beforeCreate = undefined;
      await between?.();
      return real.create(budget, parent, idempotency, atMs, audit);
    },
    update: async (before, after, move, stamp, audit) => {
      const hook = hooks.beforeUpdate;
      if (hook?.matches(before, move)) {
        hooks.beforeUpdate = undefined;
        await hook.run();
      }
      return real.update(before, after, move, stamp, audit);
    },
  };
  const idempotency = new DynamoIdempotencyStore(table);
  return {
    hooks,
    real,
    budgets: new BudgetService({ budgets: wrapped, idempotency, nowMs }),
    money: new MoneyService({ budgets: real, money: new DynamoMoneyStore(table), idempotency, nowMs }),
  };
}

type Services = ReturnType<typeof hookedServices>;
const actor = { tenantId: 'moves', keyId: 'key_test' };
const respond = <T>(result: T) => ({ status: 201, body: result });
const draft = (overrides: Record<string, unknown>) =>
  CreateBudgetBody.parse({ name: 'M', scope: { type: 'team', id: 'moves' }, currency: 'USD', limit: '1000', period: { type: 'monthly' }, ...overrides });
const created = async (services: Services, overrides: Record<string, unknown> = {}) =>
  (await services.budgets.create(actor.tenantId, draft(overrides), { audit: testAudit, respond })).body as BudgetRecord;
const pathOf = async (services: Services, budgetId: string) => (await services.real.get(actor.tenantId, budgetId))!.path;
const reserved = async (services: Services, budgetId: string) => statusView(await services.money.status(actor.tenantId, budgetId)).reserved;
const reserve = (services: Services, budgetId: string, amount: string) =>
  services.money.reserve(actor, budgetId, ReserveBody.parse({ amount }), { respond });
const isMoveOf = (budgetId: string) => (before: BudgetRecord, move: BudgetMove | undefined) => before.id === budgetId && move?.newParent !== undefined;

/** Old parent (roomy), new parent (hard, 10), and the budget to move from one to the other, with one child. */
async function tree(services: Services) {
  const oldParent = await created(services, { name: 'Old' });
  const newParent = await created(services, { name: 'New', limit: '10' });
  const moving = await created(services, { name: 'Moving', parentId: oldParent.id });
  const child = await created(services, { name: 'Child', parentId: moving.id });
  return { oldParent, newParent, moving, child };
}

/** `budgetId` (somewhere under the moved budget) now counts against the new parent, and nothing against the old one. */
async function expectUnderNewParent(services: Services, budgetId: string, newParent: BudgetRecord, oldParent: BudgetRecord) {
  const refusedBy = await reserve(services, budgetId, '50').then(() => 'nobody: held', (error: unknown) => (error instanceof BudgetExceededError ? error.budgetId : error));
  expect({ refusedBy, reservedOnOldParent: await reserved(services, oldParent.id) }).toEqual({ refusedBy: newParent.id, reservedOnOldParent: '0' });
}

describe('moving a budget takes every active descendant along', () => {
  let table: TableContext;
  beforeAll(async () => {
    table = tableContext(await newMoneyTable('moves'));
  });

  it('finds a child the parent index does not show yet (index lag) before it writes', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    services.hooks.lag.set(child.id, 1);
    await services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit);
    await expectUnderNewParent(services, child.id, newParent, oldParent);
    expect(await pathOf(services, child.id)).toEqual([newParent.id, moving.id]);
  });

  it('answers 409 (retry) and moves nothing while the index keeps missing a child', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    services.hooks.lag.set(child.id, Infinity);
    await expect(services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await services.real.get(actor.tenantId, moving.id)).toMatchObject({ parentId: oldParent.id, path: [oldParent.id] });
    expect(await pathOf(services, child.id)).toEqual([oldParent.id, moving.id]);
  });

  it('reads again when a grandchild is created between the move\'s read and its write', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    let grandchild: BudgetRecord | undefined;
    services.hooks.beforeUpdate = { matches: isMoveOf(moving.id), run: async () => { grandchild = await created(services, { name: 'Late', parentId: child.id }); } };
    await services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit);
    await expectUnderNewParent(services, grandchild!.id, newParent, oldParent);
    expect(await pathOf(services, grandchild!.id)).toEqual([newParent.id, moving.id, child.id]);
  });

  it('reads again when that late grandchild is also missing from the index at first', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    let grandchild: BudgetRecord | undefined;
    services.hooks.beforeUpdate = {
      matches: isMoveOf(moving.id),
      run: async () => {
        grandchild = await created(services, { name: 'Late', parentId: child.id });
        services.hooks.lag.set(grandchild.id, 2);
      },
    };
    await services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit);
    await expectUnderNewParent(services, grandchild!.id, newParent, oldParent);
    expect(await pathOf(services, grandchild!.id)).toEqual([newParent.id, moving.id, child.id]);
  });

  it('lands a child created while its parent moves under the new path', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    // The create has read `child` at its old place; the move commits before the create writes.
    services.hooks.beforeCreate = () => services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit);
    const late = await created(services, { name: 'Late', parentId: child.id });
    expect(await pathOf(services, late.id)).toEqual([newParent.id, moving.id, child.id]);
    await expectUnderNewParent(services, late.id, newParent, oldParent);
  });

  it('keeps a descendant\'s new path when a PATCH that read it before the move writes after it', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    services.hooks.beforeUpdate = {
      matches: (before) => before.id === child.id,
      run: () => services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit),
    };
    const renamed = await services.budgets.patch(actor.tenantId, child.id, { name: 'Renamed' }, undefined, testAudit);
    await expectUnderNewParent(services, child.id, newParent, oldParent);
    expect(renamed.path).toEqual([newParent.id, moving.id]);
    expect(await services.real.get(actor.tenantId, child.id)).toMatchObject({ name: 'Renamed', path: [newParent.id, moving.id] });
  });

  it('leaves an archived descendant where it was archived, whether or not the index shows it', async () => {
    const services = hookedServices(table);
    const { oldParent, newParent, moving, child } = await tree(services);
    const retired = await created(services, { name: 'Retired', parentId: moving.id });
    await services.budgets.archive(actor.tenantId, retired.id, undefined, testAudit);
    services.hooks.lag.set(retired.id, Infinity);
    await services.budgets.patch(actor.tenantId, moving.id, { parentId: newParent.id }, undefined, testAudit);
    expect(await pathOf(services, child.id)).toEqual([newParent.id, moving.id]);
    expect(await pathOf(services, retired.id)).toEqual([oldParent.id, moving.id]);
    await expect(reserve(services, retired.id, '1')).rejects.toBeInstanceOf(BudgetArchivedError);
  });

  it(`moves ${MAX_DESCENDANTS_PER_MOVE} descendants in one transaction next to a period boundary, and refuses one more`, async () => {
    // Five minutes before a month ends, the move also stamps the next month's counter (usage may be dated ahead).
    const services = hookedServices(table, () => Date.parse('2026-11-30T23:57:00.000Z'));
    const left = await created(services, { name: 'Left' });
    const right = await created(services, { name: 'Right' });
    const big = await created(services, { name: 'Big', parentId: left.id });
    const leaves: BudgetRecord[] = [];
    while (leaves.length < MAX_DESCENDANTS_PER_MOVE) {
      const batch = Math.min(16, MAX_DESCENDANTS_PER_MOVE - leaves.length);
      leaves.push(...await Promise.all(Array.from({ length: batch }, () => created(services, { name: 'Leaf', parentId: big.id }))));
    }
    await services.budgets.patch(actor.tenantId, big.id, { parentId: right.id }, undefined, testAudit);
    const moved = await services.real.getMany(actor.tenantId, leaves.map((leaf) => leaf.id));
    expect(moved.every((leaf) => leaf.path.join('/') === [right.id, big.id].join('/'))).toBe(true);
    await created(services, { name: 'One more', parentId: big.id });
    const refused = services.budgets.patch(actor.tenantId, big.id, { parentId: left.id }, undefined, testAudit);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.not.toBeInstanceOf(ConcurrentChangeError);
  });
});
