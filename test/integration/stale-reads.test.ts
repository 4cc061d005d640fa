import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { BudgetService, type BudgetRecord } from '../../shared/domain/budgets/index.js';
import { BudgetArchivedError, BudgetExceededError } from '../../shared/domain/common/index.js';
import { MoneyService, type MoneyStore, type MovementWrite } from '../../shared/domain/money/index.js';
import { statusView } from '../../shared/http/views/index.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { CreateReservationBody as ReserveBody, CreateUsageBody as UsageBody } from '../../shared/schemas/money.js';
import { budgetMaker, startTestApi, type TestApi } from '../support/local-api.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/** Issue 10, defects 1, 2 and 4: a decision taken on a read is proven by the write, or it is not taken. */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('stale'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Stale', scope: { type: 'team', id: 'stale' }, limit: '100' });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

describe('automatic approvals', () => {
  it('approves one small overrun automatically however many race for it; the others ask a person', async () => {
    const id = await budget({ enforcement: 'approval' });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '99' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () =>
      api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '5' } })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((code) => code === 201)).toHaveLength(1);
    expect(statuses.filter((code) => code === 202)).toHaveLength(19);
    // One automatic overrun of 4 (4 % of the limit): no more money held without a person.
    expect(await status(id)).toMatchObject({ spent: '99', reserved: '5', available: '-4' });
  });
});

/**
 * A budget change committed between a movement's read and its write, forced: the money
 * store runs `between` right before the chosen write (no sleeps).
 */
function pausedServices(table: TableContext, clock: () => number) {
  const budgetStore = new DynamoBudgetStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  const real = new DynamoMoneyStore(table);
  const pause = { writesBefore: 0, between: undefined as (() => Promise<unknown>) | undefined };
  const money: MoneyStore = Object.assign(Object.create(real) as DynamoMoneyStore, {
    move: async (write: MovementWrite) => {
      if (pause.between && pause.writesBefore-- === 0) {
        const between = pause.between;
        pause.between = undefined;
        await between();
      }
      return real.move(write);
    },
  });
  return {
    pause,
    budgets: new BudgetService({ budgets: budgetStore, idempotency, nowMs: clock }),
    money: new MoneyService({ budgets: budgetStore, money, idempotency, nowMs: clock }),
  };
}

const respond = <T>(result: T) => ({ status: 201, body: result });
const draft = (overrides: Record<string, unknown> = {}) =>
  CreateBudgetBody.parse({ name: 'B', scope: { type: 'team', id: 'stale' }, currency: 'USD', limit: '100', period: { type: 'monthly' }, ...overrides });

describe('a budget change between a movement\'s read and its write', () => {
  let table: TableContext;
  beforeAll(async () => {
    table = tableContext(await newMoneyTable('stale'));
  });
  const actor = { tenantId: 'stale', keyId: 'key_test' };
  const created = async (services: ReturnType<typeof pausedServices>, overrides: Record<string, unknown> = {}) =>
    ((await services.budgets.create(actor.tenantId, draft(overrides), { audit: testAudit, respond })).body as BudgetRecord);
  const figures = async (services: ReturnType<typeof pausedServices>, budgetId: string) => statusView(await services.money.status(actor.tenantId, budgetId));

  it('keeps the guard when soft turns hard after the read: 409, never an oversell', async () => {
    const services = pausedServices(table, Date.now);
    const budget = await created(services, { enforcement: 'soft' });
    await services.money.recordUsage(actor, budget.id, UsageBody.parse({ amount: '100' }), { respond });
    // The first write (guarded) is refused; before the second (the soft budget's guard dropped), the budget turns hard.
    services.pause.writesBefore = 1;
    services.pause.between = () => services.budgets.patch(actor.tenantId, budget.id, { enforcement: 'hard' }, undefined, testAudit);
    await expect(services.money.reserve(actor, budget.id, ReserveBody.parse({ amount: '500' }), { respond })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(await figures(services, budget.id)).toMatchObject({ spent: '100', reserved: '0', available: '0' });
  });

  it('refuses a hold on a budget archived after the read', async () => {
    const services = pausedServices(table, Date.now);
    const budget = await created(services);
    services.pause.between = () => services.budgets.archive(actor.tenantId, budget.id, undefined, testAudit);
    await expect(services.money.reserve(actor, budget.id, ReserveBody.parse({ amount: '5' }), { respond })).rejects.toBeInstanceOf(BudgetArchivedError);
    expect(await figures(services, budget.id)).toMatchObject({ reserved: '0' });
  });

  it('counts a hold against the new parent when the budget moved after the read', async () => {
    const services = pausedServices(table, Date.now);
    const oldParent = await created(services, { limit: '1000' });
    const newParent = await created(services, { limit: '1' });
    const child = await created(services, { parentId: oldParent.id });
    services.pause.between = () => services.budgets.patch(actor.tenantId, child.id, { parentId: newParent.id }, undefined, testAudit);
    await expect(services.money.reserve(actor, child.id, ReserveBody.parse({ amount: '5' }), { respond })).rejects.toMatchObject({ budgetId: newParent.id });
    expect(await figures(services, oldParent.id)).toMatchObject({ reserved: '0' });
  });

  it('applies a new limit to the next period\'s counter that future-dated usage already opened', async () => {
    let nowMs = Date.parse('2026-11-30T23:58:00.000Z');
    const services = pausedServices(table, () => nowMs);
    const budget = await created(services);
    await services.money.recordUsage(actor, budget.id, UsageBody.parse({ amount: '1', occurredAt: '2026-12-01T00:01:00.000Z' }), { respond });
    nowMs = Date.parse('2026-11-30T23:58:30.000Z');
    await services.budgets.patch(actor.tenantId, budget.id, { limitMicros: 10_000_000n }, undefined, testAudit);
    nowMs = Date.parse('2026-12-01T00:02:00.000Z');
    await expect(services.money.reserve(actor, budget.id, ReserveBody.parse({ amount: '50' }), { respond })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(await figures(services, budget.id)).toMatchObject({ limit: '10', spent: '1', reserved: '0', available: '9' });
  });
});
