import type { BudgetStore } from '../budgets/ports.js';
import type { IdempotencyStore } from '../common/ports.js';
import { ChainReader } from './chain.js';
import { LimitExceededNotices } from './limit-exceeded.js';
import { MovementRunner } from './movement.js';
import type { MoneyStore } from './ports.js';

export interface MoneyDeps {
  budgets: BudgetStore;
  money: MoneyStore;
  idempotency: IdempotencyStore;
  nowMs?: () => number;
}

/** What every money feature works with: the stores, the clock, the chain reader and the movement loop. */
export interface MoneyContext {
  budgets: BudgetStore;
  money: MoneyStore;
  nowMs: () => number;
  chains: ChainReader;
  movements: MovementRunner;
  limitNotices: LimitExceededNotices;
}

export function moneyContext(deps: MoneyDeps): MoneyContext {
  const nowMs = deps.nowMs ?? Date.now;
  const chains = new ChainReader(deps.budgets, nowMs);
  return {
    budgets: deps.budgets,
    money: deps.money,
    nowMs,
    chains,
    limitNotices: new LimitExceededNotices(deps.money),
    movements: new MovementRunner({ money: deps.money, idempotency: deps.idempotency, nowMs, forget: (tenantId, budgetId) => chains.forget(tenantId, budgetId) }),
  };
}
