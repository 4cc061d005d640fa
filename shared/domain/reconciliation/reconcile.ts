import { BUDGET_STATUSES, type BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { LIMITS } from '../common/limits.js';
import { NotFoundError } from '../common/errors.js';
import type { MoneyStore } from '../money/ports.js';

export interface Reconciliation {
  budgetId: string;
  periodKey: string;
  counters: { spentMicros: bigint; reservedMicros: bigint; limitDeltaMicros: bigint; availableMicros: bigint | null; baseLimitMicros: bigint | null };
  ledger: { spentMicros: bigint; reservedMicros: bigint; limitDeltaMicros: bigint };
  /** Counters equal the ledger sums, and `available` is what the other counters make it. */
  matches: boolean;
}

/**
 * Proves the ledger invariant (API.md "Ledger") for one budget and period: `spent` and
 * `reserved` equal the sums of every entry that moved this counter (each entry's `chain`
 * names the counters it moved: the budget's own, its descendants', and those of budgets
 * that hung below it when they moved money and were moved elsewhere since); the limit's
 * delta equals the sum of the budget's own entries. Reads the whole ledger of the tenant's
 * budgets: a job's work, never a request's (the reconciliation job will make it incremental).
 */
export class ReconciliationService {
  constructor(private readonly deps: { budgets: BudgetStore; money: MoneyStore }) {}

  async reconcile(tenantId: string, budgetId: string, periodKey: string): Promise<Reconciliation> {
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const [reconciliation] = await this.reconcileMany(tenantId, [{ budgetId, periodKey }]);
    return reconciliation!;
  }

  /** The same proof for many counters of one tenant, reading each budget's ledger once. */
  async reconcileMany(tenantId: string, wanted: ReadonlyArray<{ budgetId: string; periodKey: string }>): Promise<Reconciliation[]> {
    const keyOf = (budgetId: string, periodKey: string) => `${budgetId}#${periodKey}`;
    const sums = new Map(wanted.map(({ budgetId, periodKey }) => [keyOf(budgetId, periodKey), { spentMicros: 0n, reservedMicros: 0n, limitDeltaMicros: 0n }]));
    for (const member of await this.everyBudget(tenantId)) {
      for (const entry of await this.deps.money.allLedgerEntries(tenantId, member.id)) {
        for (const link of entry.chain) {
          const sum = sums.get(keyOf(link.budgetId, link.periodKey));
          if (!sum) continue;
          sum.spentMicros += entry.spentDeltaMicros;
          sum.reservedMicros += entry.reservedDeltaMicros;
          if (link.budgetId === member.id) sum.limitDeltaMicros += entry.limitDeltaMicros;
        }
      }
    }
    const found = await this.deps.money.counters(tenantId, [...wanted]);
    return wanted.map(({ budgetId, periodKey }) => {
      const counter = found.get(keyOf(budgetId, periodKey));
      const ledger = sums.get(keyOf(budgetId, periodKey))!;
      const counters = {
        spentMicros: counter?.spentMicros ?? 0n,
        reservedMicros: counter?.reservedMicros ?? 0n,
        limitDeltaMicros: counter?.limitDeltaMicros ?? 0n,
        availableMicros: counter?.availableMicros ?? null,
        baseLimitMicros: counter?.baseLimitMicros ?? null,
      };
      const availableConsistent = counter === undefined
        || counter.availableMicros === counter.baseLimitMicros + counter.limitDeltaMicros - counter.spentMicros - counter.reservedMicros;
      const matches = availableConsistent && counters.spentMicros === ledger.spentMicros
        && counters.reservedMicros === ledger.reservedMicros && counters.limitDeltaMicros === ledger.limitDeltaMicros;
      return { budgetId, periodKey, counters, ledger, matches };
    });
  }

  /** Every budget of the tenant, active or archived: a moved budget's entries may name this counter. */
  private async everyBudget(tenantId: string): Promise<BudgetRecord[]> {
    const found: BudgetRecord[] = [];
    for (const status of BUDGET_STATUSES) {
      let cursor: string | undefined;
      do {
        const page = await this.deps.budgets.list(tenantId, { status }, LIMITS.pageSizeMax, cursor);
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return found;
  }
}
