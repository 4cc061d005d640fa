import type { IdempotentWrite, Page } from '../common/ports.js';
import type { BudgetRecord } from './budget.js';

export interface BudgetListFilter {
  scopeType?: string;
  scopeId?: string;
  parentId?: string;
  status: 'active' | 'archived';
}

export interface BudgetMove {
  oldParent: BudgetRecord | undefined;
  newParent: BudgetRecord | undefined;
  descendants: Array<{ before: BudgetRecord; after: BudgetRecord }>;
}

/** A new limit applies to the current period at once: its counter moves in the same write. */
export interface LimitChange {
  periodKey: string;
  oldLimitMicros: bigint;
  newLimitMicros: bigint;
}

export interface BudgetStore {
  get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined>;
  /** The budgets that exist among `budgetIds`, in that order (one strongly consistent batch read). */
  getMany(tenantId: string, budgetIds: readonly string[]): Promise<BudgetRecord[]>;
  children(tenantId: string, budgetId: string): Promise<BudgetRecord[]>;
  list(tenantId: string, filter: BudgetListFilter, limit: number, cursor: string | undefined): Promise<Page<BudgetRecord>>;
  /** Throws WriteConflict when the parent changed or the idempotency key was taken meanwhile. */
  create(budget: BudgetRecord, parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number): Promise<void>;
  /** Throws WriteConflict unless `before` is still what is stored. */
  update(before: BudgetRecord, after: BudgetRecord, move: BudgetMove | undefined, limitChange?: LimitChange): Promise<void>;
}
