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
    const members = await this.everyBudget(tenantId);
    const ledger = { spentMicros: 0n, reservedMicros: 0n, limitDeltaMicros: 0n };
    for (const member of members) {
      for (const entry of await this.deps.money.allLedgerEntries(tenantId, member.id)) {
        if (!entry.chain.some((link) => link.budgetId === budgetId && link.periodKey === periodKey)) continue;
        ledger.spentMicros += entry.spentDeltaMicros;
        ledger.reservedMicros += entry.reservedDeltaMicros;
        if (member.id === budgetId) ledger.limitDeltaMicros += entry.limitDeltaMicros;
      }
    }
    const counter = (await this.deps.money.counters(tenantId, [{ budgetId, periodKey }])).get(`${budgetId}#${periodKey}`);
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
