import type { BudgetRecord } from '../budgets/budget.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { utilizationPercent } from '../alerts/alerts.js';
import { periodContaining, type PeriodWindow } from '../periods/period.js';
import type { MoneyContext } from './context.js';
import { counterKeyOf, type CounterRecord } from './records.js';

export const BUDGET_STATES = ['healthy', 'warning', 'critical', 'exceeded'] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];

/** A budget's figures for one period, exact; the HTTP layer renders them. */
export interface BudgetStatusFigures {
  budgetId: string;
  currency: string;
  period: PeriodWindow;
  /** The effective limit: the budget's limit for the period plus its adjustments (and rollover). */
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  /** limit − spent − reserved; negative after a soft or approved overrun. */
  availableMicros: bigint;
  utilization: number;
  state: BudgetState;
  thresholdsCrossed: number[];
  asOfMs: number;
}

/** The status rules of API.md, from a budget, a period and its counter (none yet: nothing moved). */
export function statusFigures(budget: BudgetRecord, window: PeriodWindow, counter: CounterRecord | undefined, nowMs: number): BudgetStatusFigures {
  const limitMicros = (counter?.baseLimitMicros ?? budget.limitMicros) + (counter?.limitDeltaMicros ?? 0n);
  const spentMicros = counter?.spentMicros ?? 0n;
  const reservedMicros = counter?.reservedMicros ?? 0n;
  const committedMicros = spentMicros + reservedMicros;
  const utilization = utilizationPercent(limitMicros, committedMicros);
  const state: BudgetState = committedMicros > limitMicros ? 'exceeded' : utilization >= 90 ? 'critical' : utilization >= 75 ? 'warning' : 'healthy';
  return {
    budgetId: budget.id,
    currency: budget.currency,
    period: window,
    limitMicros,
    spentMicros,
    reservedMicros,
    availableMicros: limitMicros - committedMicros,
    utilization,
    state,
    thresholdsCrossed: budget.thresholds.filter((threshold) => utilization >= threshold),
    asOfMs: nowMs,
  };
}

/** Status of the period containing `atMs`: two reads, whatever the size of the ledger. */
export async function status(ctx: MoneyContext, tenantId: string, budgetId: string, atMs: number = ctx.nowMs()): Promise<BudgetStatusFigures> {
  const budget = await ctx.budgets.get(tenantId, budgetId);
  if (!budget) throw new NotFoundError('Budget', budgetId);
  const window = periodContaining(budget.period, atMs);
  if (!window) throw new ValidationError([{ pointer: '/query/at', detail: 'is outside the budget\'s custom period' }]);
  const counters = await ctx.money.counters(tenantId, [{ budgetId, periodKey: window.key }]);
  return statusFigures(budget, window, counters.get(counterKeyOf({ budgetId, periodKey: window.key })), ctx.nowMs());
}
