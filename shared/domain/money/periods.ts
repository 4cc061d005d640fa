import { utilizationPercent } from '../alerts/alerts.js';
import type { AuditContext } from '../audit/audit.js';
import type { BudgetRecord } from '../budgets/budget.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { LIMITS } from '../common/limits.js';
import type { Page } from '../common/ports.js';
import { periodForKey, previousPeriod, type PeriodWindow } from '../periods/period.js';
import { closePeriods } from './closing.js';
import type { MoneyContext } from './context.js';
import { counterKeyOf, type CounterRecord } from './records.js';

export const PERIOD_STATES = ['open', 'closed'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

/** A period's figures: live while open, as frozen at close once closed (API.md "Periods, close and rollover"). */
export interface PeriodRecord {
  budgetId: string;
  window: PeriodWindow;
  state: PeriodState;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  availableMicros: bigint;
  utilization: number;
  /** What the previous period's close carried in (the limit delta of its rollover entry). */
  rolloverInMicros: bigint;
  rolloverOutMicros: bigint;
  /**
   * Spend recorded into the period after it closed: late usage, corrections, and the extra of
   * a charge above its hold. A hold held at close counted as used then (as `reserved`), so
   * its later charge, up to the held amount, is not late spend.
   */
  lateSpentMicros: bigint;
  closedAtMs: number | null;
}

/** The record of one period from its counter (none: nothing moved yet) and the previous period's. */
export function periodRecord(budget: BudgetRecord, window: PeriodWindow, counter: CounterRecord | undefined, previous: CounterRecord | undefined): PeriodRecord {
  const closed = counter?.closed ?? null;
  const limitMicros = closed ? closed.limitMicros : (counter?.baseLimitMicros ?? budget.limitMicros) + (counter?.limitDeltaMicros ?? 0n);
  const spentMicros = closed ? closed.spentMicros : counter?.spentMicros ?? 0n;
  const reservedMicros = closed ? closed.reservedMicros : counter?.reservedMicros ?? 0n;
  return {
    budgetId: budget.id,
    window,
    state: closed ? 'closed' : 'open',
    limitMicros,
    spentMicros,
    reservedMicros,
    availableMicros: limitMicros - spentMicros - reservedMicros,
    utilization: utilizationPercent(limitMicros, spentMicros + reservedMicros),
    rolloverInMicros: previous?.closed?.rolloverOutMicros ?? 0n,
    rolloverOutMicros: closed?.rolloverOutMicros ?? 0n,
    lateSpentMicros: closed && counter ? counter.unheldSpentMicros - closed.unheldSpentMicros : 0n,
    closedAtMs: closed?.closedAtMs ?? null,
  };
}

async function budgetOf(ctx: MoneyContext, tenantId: string, budgetId: string): Promise<BudgetRecord> {
  const budget = await ctx.budgets.get(tenantId, budgetId);
  if (!budget) throw new NotFoundError('Budget', budgetId);
  return budget;
}

/** Records for counters of one budget, each with its previous period's counter (one batch read). */
async function recordsOf(ctx: MoneyContext, budget: BudgetRecord, counters: ReadonlyArray<{ window: PeriodWindow; counter: CounterRecord | undefined }>): Promise<PeriodRecord[]> {
  const previousKeys = counters.map(({ window }) => previousPeriod(budget.period, window)?.key);
  const wanted = [...new Set(previousKeys.filter((key): key is string => key !== undefined))].map((periodKey) => ({ budgetId: budget.id, periodKey }));
  const previous = wanted.length > 0 ? await ctx.money.counters(budget.tenantId, wanted) : new Map<string, CounterRecord>();
  return counters.map(({ window, counter }, index) => {
    const key = previousKeys[index];
    return periodRecord(budget, window, counter, key === undefined ? undefined : previous.get(counterKeyOf({ budgetId: budget.id, periodKey: key })));
  });
}

/** The periods with any activity (a counter), newest first. */
export async function listPeriods(ctx: MoneyContext, tenantId: string, budgetId: string, limit: number = LIMITS.pageSizeDefault, cursor?: string): Promise<Page<PeriodRecord>> {
  const budget = await budgetOf(ctx, tenantId, budgetId);
  const page = await ctx.money.periodCounters(tenantId, budgetId, limit, cursor);
  const counters = page.items.flatMap((counter) => {
    const window = periodForKey(budget.period, counter.periodKey);
    // A period closed with nothing moved in it (and nothing rolled) is a record, not activity.
    const active = counter.movementCount > 0 || (counter.closed?.rolloverOutMicros ?? 0n) !== 0n;
    return window && active ? [{ window, counter }] : [];
  });
  return { items: await recordsOf(ctx, budget, counters), nextCursor: page.nextCursor };
}

function windowOf(budget: BudgetRecord, key: string): PeriodWindow {
  const window = periodForKey(budget.period, key);
  if (!window) throw new ValidationError([{ pointer: '/path/key', detail: `is not a ${budget.period.type} period key of this budget` }]);
  return window;
}

export async function getPeriod(ctx: MoneyContext, tenantId: string, budgetId: string, key: string): Promise<PeriodRecord> {
  const budget = await budgetOf(ctx, tenantId, budgetId);
  const window = windowOf(budget, key);
  const counters = await ctx.money.counters(tenantId, [{ budgetId, periodKey: key }]);
  return (await recordsOf(ctx, budget, [{ window, counter: counters.get(counterKeyOf({ budgetId, periodKey: key })) }]))[0]!;
}

/** Closes the period by hand (and any earlier one still open): 409 before its end; a closed period answers its record. */
export async function closePeriodByHand(ctx: MoneyContext, tenantId: string, budgetId: string, key: string, actor: string, audit: AuditContext): Promise<PeriodRecord> {
  const budget = await budgetOf(ctx, tenantId, budgetId);
  const window = windowOf(budget, key);
  const nowMs = ctx.nowMs();
  if (window.endMs === null || window.endMs > nowMs) {
    throw new ConflictError(window.endMs === null ? 'a lifetime period never ends, so it never closes' : `period ${key} ends at ${new Date(window.endMs).toISOString()}; it can be closed after that`);
  }
  await closePeriods(ctx, tenantId, budgetId, nowMs, actor, { throughKey: key, audit });
  return getPeriod(ctx, tenantId, budgetId, key);
}
