import type { BudgetRecord, ScopeType } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { NotFoundError } from '../common/errors.js';
import type { ForecastSummaryStore } from '../forecasting/forecast-summary.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf, type ChainPeriod, type CounterRecord } from '../money/records.js';
import { statusFigures, type BudgetStatusFigures } from '../money/status.js';
import { reportWindow } from './figures.js';

/** Counters read at once, each a batch of this many keys: a 5,000-budget tenant in a few round trips. */
const COUNTER_BATCH = 500;
const COUNTER_READS_AT_ONCE = 4;

export interface RollupRow {
  budget: BudgetRecord;
  /** Names from the root down to the budget. */
  path: string[];
  depth: number;
  figures: BudgetStatusFigures;
  /** The last forecast of the row's period (the forecasting job's), null when there is none yet. */
  projectedSpendMicros: bigint | null;
  exhaustionDate: string | null;
}

export interface RollupQuery {
  atMs?: number | undefined;
  scopeType?: ScopeType | undefined;
  /** Only this budget's descendants (any depth). */
  parentId?: string | undefined;
}

export interface RollupDeps {
  budgets: Pick<BudgetStore, 'allActive' | 'get'>;
  money: Pick<MoneyStore, 'counters'>;
  summaries: ForecastSummaryStore;
  nowMs: () => number;
}

/**
 * The tenant's roll-up (API.md `GET /v1/reports/budgets`): one row per active budget,
 * parents before children (depth first, siblings oldest first), each for its own period
 * containing `at`. Reads the budgets, their counters and the kept forecast summaries: a few
 * large reads whatever the tenant's ledger holds.
 */
export async function tenantRollup(deps: RollupDeps, tenantId: string, query: RollupQuery): Promise<RollupRow[]> {
  const nowMs = deps.nowMs();
  const atMs = query.atMs ?? nowMs;
  if (query.parentId !== undefined) {
    const parent = await deps.budgets.get(tenantId, query.parentId);
    if (!parent) throw new NotFoundError('Budget', query.parentId);
  }
  const [budgets, summaries] = await Promise.all([deps.budgets.allActive(tenantId), deps.summaries.all(tenantId)]);
  const ordered = treeOrder(budgets).filter((budget) =>
    (query.parentId === undefined || budget.path.includes(query.parentId)) && (query.scopeType === undefined || budget.scope.type === query.scopeType));
  const windows = new Map(ordered.map((budget) => [budget.id, reportWindow(budget, atMs)]));
  const counters = await countersOf(deps.money, tenantId, ordered.map((budget) => ({ budgetId: budget.id, periodKey: windows.get(budget.id)!.key })));
  const forecastOf = new Map(summaries.map((summary) => [summary.budgetId, summary]));
  const nameOf = new Map(budgets.map((budget) => [budget.id, budget.name]));
  return ordered.map((budget) => {
    const window = windows.get(budget.id)!;
    const summary = forecastOf.get(budget.id);
    const current = summary !== undefined && summary.periodKey === window.key;
    return {
      budget,
      path: [...budget.path.map((id) => nameOf.get(id) ?? id), budget.name],
      depth: budget.path.length + 1,
      figures: statusFigures(budget, window, counters.get(counterKeyOf({ budgetId: budget.id, periodKey: window.key })), nowMs),
      projectedSpendMicros: current ? summary.projectedSpendMicros : null,
      exhaustionDate: current ? summary.exhaustionDate : null,
    };
  });
}

/** Depth-first from the roots, siblings by creation: every parent before its children. */
function treeOrder(budgets: readonly BudgetRecord[]): BudgetRecord[] {
  const byParent = new Map<string | null, BudgetRecord[]>();
  const ids = new Set(budgets.map((budget) => budget.id));
  for (const budget of budgets) {
    // A parent missing from the read (the index lags a move) still lists its child, as a root.
    const parent = budget.parentId !== null && ids.has(budget.parentId) ? budget.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), budget]);
  }
  for (const siblings of byParent.values()) siblings.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const ordered: BudgetRecord[] = [];
  const visit = (parentId: string | null) => {
    for (const budget of byParent.get(parentId) ?? []) {
      ordered.push(budget);
      visit(budget.id);
    }
  };
  visit(null);
  return ordered;
}

async function countersOf(money: Pick<MoneyStore, 'counters'>, tenantId: string, wanted: ChainPeriod[]): Promise<Map<string, CounterRecord>> {
  const batches: ChainPeriod[][] = [];
  for (let offset = 0; offset < wanted.length; offset += COUNTER_BATCH) batches.push(wanted.slice(offset, offset + COUNTER_BATCH));
  const found = new Map<string, CounterRecord>();
  for (let index = 0; index < batches.length; index += COUNTER_READS_AT_ONCE) {
    const answers = await Promise.all(batches.slice(index, index + COUNTER_READS_AT_ONCE).map((batch) => money.counters(tenantId, batch)));
    for (const answer of answers) for (const [key, counter] of answer) found.set(key, counter);
  }
  return found;
}
