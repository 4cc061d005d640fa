import { auditEntry, type AuditContext } from '../audit/audit.js';
import type { AuditStore } from '../audit/ports.js';
import type { BudgetRecord } from '../budgets/budget.js';
import { formatAmount } from '../common/amount.js';
import { sortableId } from '../common/ids.js';
import type { BudgetStore } from '../budgets/ports.js';
import { actualInstantMs, type ActualDayOutcome, type ActualDayRequest } from '../money/actuals.js';
import type { Actor } from '../money/movement.js';
import { periodContaining, previousPeriod } from '../periods/period.js';
import type { CostProvider, DailyActualsSource } from './cost-source.js';
import { matchesFocusRow, type FocusRowDimensions } from './filter.js';

/**
 * Cost imports (API.md "Cost actuals"): provider days summed per (budget, day) and applied
 * through the money path, which records only what changed since the last import of the day.
 * FOCUS files come through the API; Cost Explorer through the scheduled job.
 */

/** A FOCUS row as the CSV reader hands it over: its dimensions, its UTC day, BilledCost and BillingCurrency. */
export interface FocusCostRow extends FocusRowDimensions {
  date: string;
  billedCostMicros: bigint;
  currency: string;
}

export interface BudgetImport {
  budgetId: string;
  /** Days the import carried for the budget (its figures whether or not they changed). */
  days: number;
  /** Their total. */
  amountMicros: bigint;
  /** Days whose figure differed from the last import (recorded). */
  changedDays: number;
  /** Days outside the budget's life (before its first period, outside a custom period) or whose noon (UTC) is still ahead: not applied. */
  skippedDays: number;
  /** Days whose recording failed (a race lost three times, a store error): the next import applies them. */
  failedDays: number;
}

export interface FocusImportResult {
  rows: number;
  matched: BudgetImport[];
  unmatchedRows: number;
  currencyMismatches: number;
  invalidRows: Array<{ line: number; detail: string }>;
}

export interface CostExplorerImportResult {
  budgets: BudgetImport[];
  /** Provider days in a currency other than their budget's: not converted, not applied. */
  currencyMismatches: number;
}

export interface CostImportDeps {
  budgets: Pick<BudgetStore, 'getMany' | 'withCostSource'>;
  recordActualDay: (actor: Actor, budgetId: string, request: ActualDayRequest) => Promise<ActualDayOutcome>;
  nowMs: () => number;
  audit: Pick<AuditStore, 'append'>;
  /** Told when the import's audit entry could not be written (the caller logs it): the days are recorded, the answer stands. */
  onAuditFailed?: (error: unknown) => void;
  /** Told of each day whose recording failed (the caller logs it). */
  onDayFailed?: (budgetId: string, date: string, error: unknown) => void;
}

const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Budgets an import's audit entry lists one by one (an item holds 400 KB); past them, how many more and their changed days. */
const AUDITED_BUDGETS_MAX = 200;
/** Cost Explorer's DAILY granularity reaches 12 months back. */
const COST_EXPLORER_DAYS_BACK = 365;

export class CostImporter {
  constructor(private readonly deps: CostImportDeps) {}

  /** A tenant's active budgets whose cost source is `provider`. */
  async budgetsOf(tenantId: string, provider: CostProvider): Promise<BudgetRecord[]> {
    const ids = await this.deps.budgets.withCostSource(tenantId, provider);
    const budgets = ids.length === 0 ? [] : await this.deps.budgets.getMany(tenantId, ids);
    // The index is written with the budget; a budget changed since (source removed) is skipped.
    return budgets.filter((budget) => budget.status === 'active' && budget.costSource?.provider === provider);
  }

  /**
   * A FOCUS export: each valid row counts for every `focus` budget whose filter it matches and
   * whose currency it is in; rows are summed per (budget, day), and each day's sum is the day's
   * figure (a file carries whole days: posting it again changes nothing).
   */
  async importFocus(
    actor: Actor, audit: AuditContext, read: (onRow: (row: FocusCostRow) => void) => Promise<{ rows: number; invalidRows: Array<{ line: number; detail: string }> }>,
  ): Promise<FocusImportResult> {
    const budgets = await this.budgetsOf(actor.tenantId, 'focus');
    const sums = new Map<string, Map<string, bigint>>(budgets.map((budget) => [budget.id, new Map()]));
    let unmatchedRows = 0;
    let currencyMismatches = 0;
    const summary = await read((row) => {
      const matching = budgets.filter((budget) => matchesFocusRow(budget.costSource!.filter, row));
      if (matching.length === 0) {
        unmatchedRows += 1;
        return;
      }
      let mismatched = false;
      for (const budget of matching) {
        if (row.currency !== budget.currency) {
          mismatched = true;
          continue;
        }
        const days = sums.get(budget.id)!;
        days.set(row.date, (days.get(row.date) ?? 0n) + row.billedCostMicros);
      }
      if (mismatched) currencyMismatches += 1;
    });
    const matched: BudgetImport[] = [];
    for (const budget of budgets) {
      const days = sums.get(budget.id)!;
      if (days.size > 0) matched.push(await this.applyDays(actor, budget, 'focus', days));
    }
    await this.audited(actor.tenantId, audit, 'focus', matched, { rows: summary.rows, unmatchedRows, invalidRows: summary.invalidRows.length });
    return { rows: summary.rows, matched, unmatchedRows, currencyMismatches, invalidRows: summary.invalidRows };
  }

  /**
   * Cost Explorer for one tenant: each `aws-cost-explorer` budget's days of its current and
   * previous period. A run that changed nothing is not audited: the schedule runs it often.
   */
  async importCostExplorer(actor: Actor, audit: AuditContext, source: DailyActualsSource): Promise<CostExplorerImportResult> {
    const result: CostExplorerImportResult = { budgets: [], currencyMismatches: 0 };
    for (const budget of await this.budgetsOf(actor.tenantId, 'aws-cost-explorer')) {
      const { fromDate, toDate } = this.costExplorerRange(budget);
      if (fromDate >= toDate) continue;
      const costSource = budget.costSource!;
      const actuals = await source.dailyActuals({ filter: costSource.filter, metric: costSource.metric, fromDate, toDate });
      const days = new Map<string, bigint>();
      for (const day of actuals) {
        if (day.currency !== budget.currency) result.currencyMismatches += 1;
        else days.set(day.date, day.amountMicros);
      }
      result.budgets.push(await this.applyDays(actor, budget, 'aws-cost-explorer', days));
    }
    if (result.budgets.some((budget) => budget.changedDays > 0)) await this.audited(actor.tenantId, audit, 'aws-cost-explorer', result.budgets, {});
    return result;
  }

  /**
   * The import's audit entry, once its days are written (each day is its own movement, in the
   * ledger with the import's actor): what it changed, budget by budget.
   */
  private async audited(tenantId: string, audit: AuditContext, source: CostProvider, budgets: readonly BudgetImport[], extra: Record<string, number>): Promise<void> {
    const nowMs = this.deps.nowMs();
    const listed = budgets.slice(0, AUDITED_BUDGETS_MAX);
    const to = {
      source, ...extra,
      budgets: listed.map((budget) => ({ budgetId: budget.budgetId, days: budget.days, changedDays: budget.changedDays, failedDays: budget.failedDays, amount: formatAmount(budget.amountMicros) })),
      ...(budgets.length > listed.length && { moreBudgets: budgets.length - listed.length, changedDays: budgets.reduce((sum, budget) => sum + budget.changedDays, 0) }),
    };
    try {
      await this.deps.audit.append(auditEntry(audit, nowMs, {
        tenantId, action: 'costs.imported', resourceType: 'costImport', resourceId: sortableId('imp', nowMs), changes: { import: { from: null, to } },
      }));
    } catch (error) {
      this.deps.onAuditFailed?.(error);
    }
  }

  /** From the previous period's first day (never before the budget's first period, nor 12 months back) to tomorrow (exclusive). */
  private costExplorerRange(budget: BudgetRecord): { fromDate: string; toDate: string } {
    const nowMs = this.deps.nowMs();
    const current = periodContaining(budget.period, nowMs);
    const previous = current ? previousPeriod(budget.period, current) : null;
    // A lifetime budget has no period start: from its first day (within the 12 months).
    const periodStartMs = previous?.startMs ?? current?.startMs ?? this.firstDayMs(budget);
    const earliest = Math.max(this.firstDayMs(budget), nowMs - COST_EXPLORER_DAYS_BACK * DAY_MS, periodStartMs);
    return { fromDate: utcDate(earliest), toDate: utcDate(nowMs + DAY_MS) };
  }

  /** The start of the budget's first period: days before it belong to no period the budget had. */
  private firstDayMs(budget: BudgetRecord): number {
    const createdMs = Date.parse(budget.createdAt);
    return periodContaining(budget.period, createdMs)?.startMs ?? createdMs;
  }

  /**
   * Applies a budget's days, each on its own: a day that fails is counted and left to the next
   * import (which applies it, differences being idempotent), never holding up the others.
   */
  private async applyDays(actor: Actor, budget: BudgetRecord, source: CostProvider, days: ReadonlyMap<string, bigint>): Promise<BudgetImport> {
    const nowMs = this.deps.nowMs();
    const firstStartMs = this.firstDayMs(budget);
    const applied: BudgetImport = { budgetId: budget.id, days: days.size, amountMicros: 0n, changedDays: 0, skippedDays: 0, failedDays: 0 };
    for (const [date, amountMicros] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
      applied.amountMicros += amountMicros;
      // A day's spend is dated at its noon (UTC): one still ahead waits for the next import, and one before the first
      // period's start (in the budget's zone) belongs to no period the budget had.
      const atMs = actualInstantMs(date);
      if (atMs > nowMs || atMs < firstStartMs) {
        applied.skippedDays += 1;
        continue;
      }
      try {
        const outcome = await this.deps.recordActualDay(actor, budget.id, { date, amountMicros, source, modeAsRead: budget.costSource!.mode });
        if ('outside' in outcome) applied.skippedDays += 1;
        else if (outcome.changed) applied.changedDays += 1;
      } catch (error) {
        applied.failedDays += 1;
        this.deps.onDayFailed?.(budget.id, date, error);
      }
    }
    return applied;
  }
}
