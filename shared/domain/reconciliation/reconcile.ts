import type { BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { ConcurrentChangeError, NotFoundError, ValidationError } from '../common/errors.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf, type ChainPeriod } from '../money/records.js';
import { periodContaining, periodForKey } from '../periods/period.js';
import { compare, type Reconciliation } from './figures.js';
import { OutOfTime, sumLedgers } from './ledger-pass.js';
import type { ReconciliationStore } from './ports.js';
import { withActuals } from './actuals-check.js';

/** Passes one request tries before it answers the last recorded check: a counter that moves during each is busy right now. */
const LIVE_CHECK_ATTEMPTS = 3;
/** A request's live check stops after this long (API functions time out after 10 s) and answers the last recorded check. */
const LIVE_CHECK_BUDGET_MS = 6_000;

export interface ReconciliationDeps {
  budgets: BudgetStore;
  /** The counters, read strongly consistent with their movement numbers, and the imported provider days. */
  money: Pick<MoneyStore, 'counters' | 'actualDays'>;
  store: ReconciliationStore;
  nowMs?: () => number;
}

/** A check, and whether it proves anything: false when the counter moved while the ledger was read. */
export interface CounterCheck extends Reconciliation {
  settled: boolean;
}

/**
 * Proves the ledger invariant (API.md "Ledger") for a budget and period: `spent` and
 * `reserved` equal the sums of every entry whose `chain` names the counter (its own, its
 * descendants', and those of budgets that hung below it when they moved money), and the
 * limit's delta the sum of the budget's own entries. It reads the ledger of every budget
 * of the tenant (see `sumLedgers`): O(the tenant's ledger), a job's cost, which a request
 * pays only within {@link LIVE_CHECK_BUDGET_MS}.
 *
 * Money keeps moving while the ledger is read, so the counter is read (strongly
 * consistent) before and after the pass: every write that adds an entry naming it moves
 * it in the same transaction, so an unchanged `movementCount` proves the sums and the
 * counter describe the same moment. A counter that moved proves nothing (`settled: false`)
 * and is checked again, never reported as drift.
 */
export class ReconciliationService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: ReconciliationDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /**
   * The check of one budget's period (`periodKey`, default the one containing now), live.
   * When no pass settles within the attempts and time of a request, the last check the
   * job recorded answers (its `checkedAtMs` says when); without one, a 409 to retry later.
   */
  async reconcile(tenantId: string, budgetId: string, periodKey?: string): Promise<Reconciliation> {
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const key = this.periodKeyOf(budget, periodKey);
    const startedMs = this.nowMs();
    const outOfTime = () => this.nowMs() - startedMs > LIVE_CHECK_BUDGET_MS;
    try {
      for (let attempt = 1; attempt <= LIVE_CHECK_ATTEMPTS; attempt++) {
        const checks = await this.reconcileMany(tenantId, [{ budgetId, periodKey: key }], { outOfTime });
        if (checks[0]!.settled) return (await withActuals(this.deps.money, tenantId, [budget], checks, this.nowMs()))[0]!;
      }
    } catch (error) {
      if (!(error instanceof OutOfTime)) throw error;
    }
    const last = await this.deps.store.lastCheck(tenantId, budgetId, key);
    if (last) return last;
    throw new ConcurrentChangeError(`Budget ${budgetId}'s period ${key} could not be checked within one request (its counters kept moving, or its `
      + 'tenant\'s ledger is too large to read in time), and the reconciliation job has not checked it yet; retry later.');
  }

  /**
   * The same proof for many counters of one tenant, in one pass over the tenant's ledger.
   * Throws {@link OutOfTime} when `outOfTime` says so before the pass ends.
   */
  async reconcileMany(tenantId: string, wanted: readonly ChainPeriod[], options: { outOfTime?: () => boolean } = {}): Promise<CounterCheck[]> {
    const checkedAtMs = this.nowMs();
    const before = await this.deps.money.counters(tenantId, [...wanted]);
    const pass = await sumLedgers(this.deps, tenantId, wanted, options.outOfTime ?? (() => false));
    const after = await this.deps.money.counters(tenantId, [...wanted]);
    return wanted.map((link) => {
      const key = counterKeyOf(link);
      const counter = after.get(key);
      const check = compare({ ...link, checkedAtMs }, counter, pass.budgetLimitsMicros.get(link.budgetId) ?? 0n, pass.sums.get(key)!);
      return { ...check, settled: before.get(key)?.movementCount === counter?.movementCount };
    });
  }

  /** The key `periodKey` names for this budget, or a precise 400; absent, the period containing now. */
  private periodKeyOf(budget: BudgetRecord, periodKey: string | undefined): string {
    // Only a custom period can contain no instant (now is outside its bounds); its one key is `custom`.
    const currentKey = periodContaining(budget.period, this.nowMs())?.key ?? 'custom';
    if (periodKey === undefined) return currentKey;
    if (periodForKey(budget.period, periodKey) !== null) return periodKey;
    throw new ValidationError([{
      pointer: '/query/periodKey',
      detail: `is not a period of this ${budget.period.type} budget; its current period is "${currentKey}"`,
    }]);
  }
}
