import type { BudgetRecord } from './budget.js';
import type { BudgetStore } from './ports.js';

/** Budgets one process remembers (oldest forgotten first). */
const RECENT_BUDGET_ENTRIES = 10_000;

/**
 * Budget reads for paths that can live with a definition a few seconds old (an estimate such
 * as a forecast, whose figures come from the counter it reads every time): the budget as read
 * within `ttlMs`, else read again. Saves a round trip per request on a warm function.
 */
export class RecentBudgets {
  private readonly remembered = new Map<string, { budget: BudgetRecord; readAtMs: number }>();

  constructor(private readonly budgets: Pick<BudgetStore, 'get'>, private readonly ttlMs: number, private readonly nowMs: () => number) {}

  async get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined> {
    const key = `${tenantId}#${budgetId}`;
    const nowMs = this.nowMs();
    const entry = this.remembered.get(key);
    if (entry && entry.readAtMs <= nowMs && nowMs - entry.readAtMs < this.ttlMs) return entry.budget;
    const budget = await this.budgets.get(tenantId, budgetId);
    this.remembered.delete(key);
    if (this.remembered.size >= RECENT_BUDGET_ENTRIES) this.remembered.delete(this.remembered.keys().next().value as string);
    // An unknown id is not remembered: a budget created a moment later is found at once.
    if (budget) this.remembered.set(key, { budget, readAtMs: nowMs });
    return budget;
  }
}
