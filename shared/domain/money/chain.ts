import type { BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { BudgetArchivedError, ConflictError, CurrencyMismatchError, NotFoundError } from '../common/errors.js';
import { periodContaining, type PeriodWindow } from '../periods/period.js';
import type { ChainPeriod } from './records.js';

/** One budget of a movement's chain and its period at the movement's time. */
export interface ChainLink {
  budget: BudgetRecord;
  window: PeriodWindow;
}

/** Budgets one process remembers (oldest forgotten first). */
const BUDGET_CACHE_ENTRIES = 10_000;

/**
 * How long a remembered budget is used without reading it again. A movement decided on a
 * remembered budget is proven by its write (the counters must be at the version it read,
 * and budget writes stamp the counters a read up to MAX_READ_AGE_MS old may target), so
 * the age must stay within that minute, with room for the request itself.
 */
export const BUDGET_CACHE_TTL_MS = 30_000;

/**
 * What a counter move takes from the budget it read: the limit a new counter starts from,
 * the version the write must find on the counter, and when the counter's period ends.
 */
export function counterFacts(budget: BudgetRecord, window: PeriodWindow | null): { baseLimitMicros: bigint; budgetVersion: number; periodEndMs: number | null } {
  return { baseLimitMicros: budget.limitMicros, budgetVersion: budget.version, periodEndMs: window?.endMs ?? null };
}

/** 422 when a request names a currency other than the budget's. */
export function checkCurrency(budgetCurrency: string, requested: string | undefined): void {
  if (requested !== undefined && requested !== budgetCurrency) throw new CurrencyMismatchError(budgetCurrency, requested);
}

/**
 * Reads the chain a movement touches: the budget, then its ancestors up to the root, each
 * with its period at the movement's time.
 */
export class ChainReader {
  /** tenant#budget → the budget as last read, and when. */
  private readonly remembered = new Map<string, { budget: BudgetRecord; readAtMs: number }>();

  constructor(private readonly budgets: BudgetStore, private readonly nowMs: () => number) {}

  /**
   * The chain from remembered budgets where they are fresh enough, else one strongly
   * consistent batch read. `fresh` reads every budget again (a decision that no write will
   * prove, such as the pre-flight check).
   */
  async chainAt(tenantId: string, budgetId: string, atMs: number, options: { forWrite: boolean; fresh?: boolean }): Promise<ChainLink[]> {
    const budget = (await this.read(tenantId, [budgetId], options.fresh === true)).get(budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    if (options.forWrite && budget.status === 'archived') throw new BudgetArchivedError(budget.id);
    const ancestors = await this.read(tenantId, budget.path, options.fresh === true);
    const chain: ChainLink[] = [];
    for (const member of [budget, ...budget.path.slice().reverse().map((id) => ancestors.get(id)).filter((found): found is BudgetRecord => found !== undefined)]) {
      const window = periodContaining(member.period, atMs);
      if (window) chain.push({ budget: member, window });
      else if (member === budget) {
        throw new ConflictError(`Budget ${budget.id} has a custom period that does not cover ${new Date(atMs).toISOString()}.`);
      }
    }
    return chain;
  }

  /** The budgets of a recorded chain (a reservation's), by id. */
  budgetsOf(tenantId: string, chain: readonly ChainPeriod[]): Promise<Map<string, BudgetRecord>> {
    return this.read(tenantId, chain.map((link) => link.budgetId), false);
  }

  /** Forgets a budget: a write found it out of date. */
  forget(tenantId: string, budgetId: string): void {
    this.remembered.delete(`${tenantId}#${budgetId}`);
  }

  private async read(tenantId: string, budgetIds: readonly string[], fresh: boolean): Promise<Map<string, BudgetRecord>> {
    const nowMs = this.nowMs();
    const found = new Map<string, BudgetRecord>();
    const missing: string[] = [];
    for (const id of budgetIds) {
      const entry = fresh ? undefined : this.remembered.get(`${tenantId}#${id}`);
      if (entry && nowMs - entry.readAtMs < BUDGET_CACHE_TTL_MS && entry.readAtMs <= nowMs) found.set(id, entry.budget);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const budget of await this.budgets.getMany(tenantId, missing)) {
        found.set(budget.id, budget);
        this.remember(tenantId, budget, nowMs);
      }
    }
    return found;
  }

  private remember(tenantId: string, budget: BudgetRecord, readAtMs: number): void {
    const key = `${tenantId}#${budget.id}`;
    this.remembered.delete(key);
    if (this.remembered.size >= BUDGET_CACHE_ENTRIES) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(key, { budget, readAtMs });
  }
}
