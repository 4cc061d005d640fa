import type { IdempotentWrite, Page } from '../common/ports.js';
import type { AuditEntry } from '../audit/audit.js';
import type { BudgetRecord } from './budget.js';
import type { CostProvider } from './cost-source.js';

export interface BudgetListFilter {
  scopeType?: string;
  scopeId?: string;
  parentId?: string;
  status: 'active' | 'archived';
}

export interface BudgetMove {
  oldParent: BudgetRecord | undefined;
  newParent: BudgetRecord | undefined;
  /**
   * Every active descendant, as read strongly consistent (`before`) and with its new path
   * (`after`). The write conditions each on its path, version and `activeChildCount`, which
   * proves no child was created, moved in or archived since the read.
   */
  descendants: Array<{ before: BudgetRecord; after: BudgetRecord }>;
}

/**
 * What a budget write does to the counters of the periods a request in flight may still
 * write (see `stampPeriods`): each takes the new version, so a movement decided on the
 * budget as it was is refused by its own write; the current and later periods also take
 * the new limit at once.
 */
export interface CounterStamp {
  periods: Array<{ periodKey: string; takesNewLimit: boolean }>;
  fromVersion: number;
  toVersion: number;
  oldLimitMicros: bigint;
  newLimitMicros: bigint;
}

export interface BudgetStore {
  get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined>;
  /** The budgets that exist among `budgetIds`, in that order (one strongly consistent batch read). */
  getMany(tenantId: string, budgetIds: readonly string[]): Promise<BudgetRecord[]>;
  /** Direct children, any status, from an eventually consistent index: may miss a recent child or return an older copy. */
  children(tenantId: string, budgetId: string): Promise<BudgetRecord[]>;
  list(tenantId: string, filter: BudgetListFilter, limit: number, cursor: string | undefined): Promise<Page<BudgetRecord>>;
  /** Every active budget of the tenant, in a few large reads (the roll-up): eventually consistent. */
  allActive(tenantId: string): Promise<BudgetRecord[]>;
  /** Throws WriteConflict when the parent changed or the idempotency key was taken meanwhile. */
  create(budget: BudgetRecord, parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number, audit: AuditEntry): Promise<void>;
  /**
   * Creates a tree in one atomic write: `budgets[0]` under `parent` (guarded like `create`),
   * every other one under a budget earlier in the list, whose `activeChildCount` already counts it.
   */
  createTree(budgets: readonly BudgetRecord[], parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number, audit: readonly AuditEntry[]): Promise<void>;
  /**
   * Throws WriteConflict unless `before` is still what is stored (version, path, active child
   * count) and, for a move, each descendant is still as read; stamps the counters `stamp` names in the same write.
   * Every write carries its audit entries, in the same transaction.
   */
  update(before: BudgetRecord, after: BudgetRecord, move: BudgetMove | undefined, stamp: CounterStamp, audit: AuditEntry): Promise<void>;
  /**
   * The ids of a tenant's active budgets with a `costSource` of this provider, from an index
   * the budget writes keep (create, patch, archive): the cost imports never list every budget.
   */
  withCostSource(tenantId: string, provider: CostProvider): Promise<string[]>;
}
