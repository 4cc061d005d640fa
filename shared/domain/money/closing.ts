import { auditEntry, type AuditContext } from '../audit/audit.js';
import type { BudgetRecord } from '../budgets/budget.js';
import { formatAmount } from '../common/amount.js';
import { eachConcurrently } from '../common/concurrency.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { nextPeriod, periodContaining, periodForKey, type PeriodSpec, type PeriodWindow } from '../periods/period.js';
import { counterFacts } from './chain.js';
import type { MoneyContext } from './context.js';
import { ledgerEntry } from './movement.js';
import type { ClosingSchedule, MovementWrite } from './ports.js';
import { counterKeyOf, type CounterClose, type CounterRecord } from './records.js';

/**
 * Period close (API.md "Periods, close and rollover"). A budget's closing schedule names the
 * oldest period it has not closed; closing it is one atomic write that freezes the period's
 * counter (at the movement count its figures were read at), moves the schedule to the next
 * period, and, with rollover, writes the `rollover` ledger entry and moves the next period's
 * counter (its limit and `available` together, so a racing hold sees both or neither). A
 * closer that lost a race reads again; a second closer finds the schedule moved on. Periods
 * close in order, so a run that was late (or died half way) catches up one period at a time.
 */

/** Who closes on schedule (a close by hand names its caller's key). */
export const CLOSE_JOB_ACTOR = 'system:close-periods';
const CLOSE_ATTEMPTS = 8;

/** The first period a new budget will close: the one containing `nowMs` (custom: its window, whenever it is); lifetime never closes. */
export function firstClosing(budget: Pick<BudgetRecord, 'tenantId' | 'id' | 'period'>, nowMs: number): ClosingSchedule | null {
  const window = budget.period.type === 'custom' ? periodForKey(budget.period, 'custom') : periodContaining(budget.period, nowMs);
  if (!window || window.endMs === null) return null;
  return { tenantId: budget.tenantId, budgetId: budget.id, periodKey: window.key, dueAtMs: window.endMs };
}

/**
 * What rolls from a closed period into the next: what was left (`limit − spent − reserved`),
 * nothing for an overrun unless `overspend: carry`, at most `max` either way; and never so
 * much of an overrun that the next period's limit would go below zero.
 */
export function rolloverMicros(budget: Pick<BudgetRecord, 'rollover' | 'period' | 'status'>, leftMicros: bigint, nextLimitMicros: bigint): bigint {
  const { rollover } = budget;
  if (!rollover.enabled || budget.status !== 'active' || budget.period.type === 'lifetime' || budget.period.type === 'custom') return 0n;
  let carry = leftMicros < 0n && rollover.overspend === 'forgive' ? 0n : leftMicros;
  if (rollover.maxMicros !== null) carry = carry > rollover.maxMicros ? rollover.maxMicros : carry < -rollover.maxMicros ? -rollover.maxMicros : carry;
  if (carry < 0n && -carry > nextLimitMicros) carry = nextLimitMicros > 0n ? -nextLimitMicros : 0n;
  return carry;
}

const limitOf = (counter: CounterRecord | undefined, budget: BudgetRecord) => counter ? counter.baseLimitMicros + counter.limitDeltaMicros : budget.limitMicros;

/** A close someone asked for: through which period, and the request each close's audit entry names. */
export interface CloseByHand {
  throughKey: string;
  audit: AuditContext;
}

/**
 * Closes the budget's periods, oldest first, up to and including `byHand.throughKey` (or every one
 * that has ended by `nowMs`). Returns how many this call closed.
 */
export async function closePeriods(ctx: MoneyContext, tenantId: string, budgetId: string, nowMs: number, actor: string, byHand?: CloseByHand): Promise<number> {
  const throughKey = byHand?.throughKey;
  let closed = 0;
  for (let attempt = 0; attempt < CLOSE_ATTEMPTS;) {
    const [budget, schedule] = await Promise.all([ctx.budgets.get(tenantId, budgetId), ctx.money.closingSchedule(tenantId, budgetId)]);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const closing = schedule ?? await legacySchedule(ctx, budget, throughKey);
    if (!closing || closing.dueAtMs > nowMs || (throughKey !== undefined && closing.periodKey > throughKey)) return closed;
    const window = periodForKey(budget.period, closing.periodKey);
    if (!window) throw new Error(`closing schedule of ${budgetId} names ${closing.periodKey}, not a period of its type`);
    const write = await closeWrite(ctx, budget, window, schedule ?? null, nowMs, actor, byHand?.audit);
    const outcome = await ctx.money.move(write);
    if (outcome.ok) {
      closed++;
      // The schedule this write left says what closes next: read again only if that is due too
      // (a run that was late), or, closing by hand, while the period asked for is not closed yet
      // (an archived budget has no schedule left: the next round finds that period by its key).
      const next = write.periodClose!.scheduleNext;
      const done = throughKey === undefined ? !next || next.dueAtMs > nowMs : write.periodClose!.periodKey >= throughKey;
      if (done) return closed;
      continue;
    }
    attempt++;
    if (outcome.reason === 'counter-stale') {
      // The next period's counter was written at another budget version: take it to the version read (its period has not ended).
      const move = write.counters[0]!;
      if (outcome.counter.budgetVersion === undefined || outcome.counter.budgetVersion < budget.version) {
        await ctx.money.alignCounter(tenantId, move, outcome.counter, { budgetVersion: budget.version, baseLimitMicros: budget.limitMicros });
      }
    }
    // Anything else (the counter moved, the schedule moved on, the next limit fell): read again.
  }
  throw new ConflictError(`the periods of budget ${budgetId} kept changing while closing; try again`);
}

/**
 * No schedule: the budget's last period is closed (custom, archived), or the budget predates
 * schedules. Closing a period by hand then closes that period, unless it is closed already.
 */
async function legacySchedule(ctx: MoneyContext, budget: BudgetRecord, throughKey: string | undefined): Promise<ClosingSchedule | null> {
  if (throughKey === undefined) return null;
  const window = periodForKey(budget.period, throughKey);
  if (!window || window.endMs === null) return null;
  const counter = (await ctx.money.counters(budget.tenantId, [{ budgetId: budget.id, periodKey: window.key }])).get(counterKeyOf({ budgetId: budget.id, periodKey: window.key }));
  return counter?.closed ? null : { tenantId: budget.tenantId, budgetId: budget.id, periodKey: window.key, dueAtMs: window.endMs };
}

async function closeWrite(
  ctx: MoneyContext, budget: BudgetRecord, window: PeriodWindow, scheduleSeen: ClosingSchedule | null, nowMs: number, actor: string, audit: AuditContext | undefined,
): Promise<MovementWrite> {
  const next = nextPeriod(budget.period as PeriodSpec, window);
  const wanted = [{ budgetId: budget.id, periodKey: window.key }, ...(next ? [{ budgetId: budget.id, periodKey: next.key }] : [])];
  const counters = await ctx.money.counters(budget.tenantId, wanted);
  const counter = counters.get(counterKeyOf({ budgetId: budget.id, periodKey: window.key }));
  const nextCounter = next ? counters.get(counterKeyOf({ budgetId: budget.id, periodKey: next.key })) : undefined;
  const limitMicros = limitOf(counter, budget);
  const spentMicros = counter?.spentMicros ?? 0n;
  const reservedMicros = counter?.reservedMicros ?? 0n;
  const carryMicros = next ? rolloverMicros(budget, limitMicros - spentMicros - reservedMicros, limitOf(nextCounter, budget)) : 0n;
  const close: CounterClose = {
    closedAtMs: nowMs, limitMicros, spentMicros, reservedMicros, unheldSpentMicros: counter?.unheldSpentMicros ?? 0n, rolloverOutMicros: carryMicros,
  };
  const scheduleNext = next && next.endMs !== null && budget.status === 'active'
    ? { tenantId: budget.tenantId, budgetId: budget.id, periodKey: next.key, dueAtMs: next.endMs }
    : null;
  const rolls = next !== null && carryMicros !== 0n;
  return {
    counters: rolls ? [{
      budgetId: budget.id, periodKey: next.key, ...counterFacts(budget, next),
      spentDeltaMicros: 0n, reservedDeltaMicros: 0n, limitDeltaMicros: carryMicros, guarded: false,
    }] : [],
    ledger: rolls ? [ledgerEntry({
      tenantId: budget.tenantId, budgetId: budget.id, type: 'rollover', amountMicros: carryMicros < 0n ? -carryMicros : carryMicros,
      spentDeltaMicros: 0n, reservedDeltaMicros: 0n, limitDeltaMicros: carryMicros, periodKey: next.key,
      chain: [{ budgetId: budget.id, periodKey: next.key }], actor, reason: `rollover from ${window.key}`,
    }, nowMs)] : [],
    periodClose: {
      tenantId: budget.tenantId, budgetId: budget.id, periodKey: window.key, seenMovementCount: counter ? counter.movementCount : null,
      baseLimitMicros: budget.limitMicros, budgetVersion: budget.version, close, scheduleSeen, scheduleNext,
    },
    // The scheduled close is the service's own routine; a close by hand is someone's decision.
    ...(audit && {
      audit: auditEntry(audit, nowMs, {
        tenantId: budget.tenantId, action: 'period.closed', resourceType: 'period', resourceId: `${budget.id}/${window.key}`,
        changes: { state: { from: 'open', to: 'closed' }, rolloverOut: { from: null, to: formatAmount(carryMicros) } },
      }),
    }),
    nowMs,
  };
}

/** Budgets one close run works on at once: each close is a few small writes to its own partition. */
export const CLOSE_CONCURRENCY = 16;
/** Schedules read from the index per round. */
const CLOSE_BATCH = 200;

export interface CloseRun {
  /** Periods closed. */
  closed: number;
  /** Budgets whose close failed this run (left due; the next run tries again). */
  failed: number;
  failures: Array<{ id: string; error: unknown }>;
  /** Stopped at the deadline with work left (the next run resumes from the index). */
  stoppedEarly: boolean;
}

/**
 * The close job: every budget whose next period to close has ended, from the index, a batch
 * at a time, until none is due or `deadlineMs` (the Lambda's time, less a margin) is near.
 * Each close is its own conditional write, so a run that dies half way, or two runs at once,
 * close each period once; what is left stays in the index for the next run.
 */
export async function closeDuePeriods(ctx: MoneyContext, nowMs: number, deadlineMs = Number.POSITIVE_INFINITY): Promise<CloseRun> {
  const run: CloseRun = { closed: 0, failed: 0, failures: [], stoppedEarly: false };
  const failedIds = new Set<string>();
  for (;;) {
    const due = (await ctx.money.dueClosings(nowMs, CLOSE_BATCH + failedIds.size)).filter((schedule) => !failedIds.has(schedule.budgetId)).slice(0, CLOSE_BATCH);
    if (due.length === 0) return run;
    await eachConcurrently(due, CLOSE_CONCURRENCY, async (schedule) => {
      try {
        // Awaited first: `run.closed += await …` would read the total before the await and lose the other workers' counts.
        const closed = await closePeriods(ctx, schedule.tenantId, schedule.budgetId, nowMs, CLOSE_JOB_ACTOR);
        run.closed += closed;
      } catch (error) {
        failedIds.add(schedule.budgetId);
        run.failed++;
        run.failures.push({ id: schedule.budgetId, error });
      }
    }, () => Date.now() >= deadlineMs);
    if (Date.now() >= deadlineMs) {
      run.stoppedEarly = true;
      return run;
    }
  }
}
