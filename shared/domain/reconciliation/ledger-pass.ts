import { BUDGET_STATUSES } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { LIMITS } from '../common/limits.js';
import { counterKeyOf, type ChainPeriod, type LedgerEntryRecord } from '../money/records.js';
import { eachConcurrently } from '../common/concurrency.js';
import { NO_SUMS, type LedgerSums } from './figures.js';
import type { ReconciliationStore } from './ports.js';

/** Ledgers read at once: enough to hide the round trip, few enough that one tenant's pass never throttles a table. */
const LEDGER_READ_CONCURRENCY = 8;

/** A pass stopped because its caller ran out of time; nothing it read is kept. */
export class OutOfTime extends Error {
  constructor() {
    super('the reconciliation pass ran out of time');
    this.name = 'OutOfTime';
  }
}

export interface LedgerPass {
  /** The sums for each wanted counter (by {@link counterKeyOf}). */
  sums: Map<string, LedgerSums>;
  /** The limit of each wanted budget as listed: the base of a period no write has reached yet. */
  budgetLimitsMicros: Map<string, bigint>;
}

/**
 * Sums, for each wanted counter, every ledger entry whose `chain` names it. Which entries
 * can is not knowable from the tree as it is now: a budget that hung below another when it
 * moved money, and was moved (or archived) since, keeps entries naming its old ancestors.
 * So every budget of the tenant, active or archived, has its ledger read, page by page,
 * a few at a time; only the sums are kept, never the entries, so memory stays bounded by
 * the wanted counters whatever the ledger's size. `outOfTime` is asked before every page.
 */
export async function sumLedgers(
  deps: { budgets: BudgetStore; store: ReconciliationStore },
  tenantId: string,
  wanted: readonly ChainPeriod[],
  outOfTime: () => boolean,
): Promise<LedgerPass> {
  const sums = new Map(wanted.map((link) => [counterKeyOf(link), { ...NO_SUMS }]));
  const wantedBudgets = new Set(wanted.map((link) => link.budgetId));
  const budgetLimitsMicros = new Map<string, bigint>();
  const add = (entry: LedgerEntryRecord) => {
    for (const link of entry.chain) {
      const sum = sums.get(counterKeyOf(link));
      if (!sum) continue;
      sum.spentMicros += entry.spentDeltaMicros;
      sum.reservedMicros += entry.reservedDeltaMicros;
      // A limit is the budget's own: a child's top-up does not raise its parent's limit.
      if (link.budgetId === entry.budgetId) sum.limitDeltaMicros += entry.limitDeltaMicros;
    }
  };
  const readLedger = async (budgetId: string) => {
    let after: string | null = null;
    do {
      if (outOfTime()) throw new OutOfTime();
      const page = await deps.store.ledgerPage(tenantId, budgetId, after);
      page.entries.forEach(add);
      after = page.next;
    } while (after !== null);
  };
  for (const status of BUDGET_STATUSES) {
    let cursor: string | undefined;
    do {
      if (outOfTime()) throw new OutOfTime();
      const page = await deps.budgets.list(tenantId, { status }, LIMITS.pageSizeMax, cursor);
      for (const member of page.items) if (wantedBudgets.has(member.id)) budgetLimitsMicros.set(member.id, member.limitMicros);
      await eachConcurrently(page.items, LEDGER_READ_CONCURRENCY, (member) => readLedger(member.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { sums, budgetLimitsMicros };
}
