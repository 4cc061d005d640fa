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

/** Budgets whose ancestor path one process remembers (oldest forgotten first). */
const PATH_CACHE_ENTRIES = 10_000;

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
  /** tenant#budget → ancestor ids (root first), as last read. */
  private readonly pathCache = new Map<string, string[]>();

  constructor(private readonly budgets: BudgetStore) {}

  /**
   * The ancestor path is remembered per process, so the chain is one strongly consistent
   * batch read; the fresh budget item says whether the remembered path still holds (a move
   * changes it), and if not, the ancestors are read again. Nothing stale is ever used.
   */
  async chainAt(tenantId: string, budgetId: string, atMs: number, options: { forWrite: boolean }): Promise<ChainLink[]> {
    const cacheKey = `${tenantId}#${budgetId}`;
    const rememberedPath = this.pathCache.get(cacheKey) ?? [];
    const fetched = await this.budgets.getMany(tenantId, [budgetId, ...rememberedPath]);
    const budget = fetched[0]?.id === budgetId ? fetched[0] : undefined;
    if (!budget) throw new NotFoundError('Budget', budgetId);
    if (options.forWrite && budget.status === 'archived') throw new BudgetArchivedError(budget.id);
    const samePath = budget.path.length === rememberedPath.length && budget.path.every((id, index) => id === rememberedPath[index]);
    const ancestors = samePath ? fetched.slice(1) : await this.budgets.getMany(tenantId, budget.path);
    if (!samePath) this.rememberPath(cacheKey, budget.path);
    const chain: ChainLink[] = [];
    for (const member of [budget, ...ancestors.reverse()]) {
      const window = periodContaining(member.period, atMs);
      if (window) chain.push({ budget: member, window });
      else if (member === budget) {
        throw new ConflictError(`Budget ${budget.id} has a custom period that does not cover ${new Date(atMs).toISOString()}.`);
      }
    }
    return chain;
  }

  /** The budgets of a recorded chain (a reservation's), by id. */
  async budgetsOf(tenantId: string, chain: readonly ChainPeriod[]): Promise<Map<string, BudgetRecord>> {
    const budgets = await this.budgets.getMany(tenantId, chain.map((link) => link.budgetId));
    return new Map(budgets.map((budget) => [budget.id, budget]));
  }

  private rememberPath(cacheKey: string, path: string[]): void {
    if (this.pathCache.size >= PATH_CACHE_ENTRIES) this.pathCache.delete(this.pathCache.keys().next().value as string);
    this.pathCache.set(cacheKey, path);
  }
}
