import { ConflictError } from '../common/errors.js';
import type { MoneyContext } from './context.js';
import { correctionMovement } from './corrections.js';
import type { ChainLink } from './chain.js';
import type { Actor } from './movement.js';
import type { MovementWrite } from './ports.js';
import type { ActualDayRecord } from './records.js';
import { MAX_RECORD_ATTEMPTS, usageMovement } from './usage.js';

/**
 * One provider day's figure for a budget (API.md "Cost actuals"), applied so that re-importing
 * changes nothing and a revised day records only its difference. `track`: the difference
 * moves the budget's spend (and its ancestors') as usage when up, a correction when down,
 * dated to the day; `compare`: the figure is only kept. Either way the day's record moves to
 * its next revision in the same transaction, conditioned on the revision read, so two imports
 * racing over one day cannot both record a difference from the same figure.
 */

/** The mode a day is recorded in is the budget's, read by the write itself (see {@link recordActualDay}). */
export interface ActualDayRequest {
  date: string;
  amountMicros: bigint;
  source: ActualDayRecord['source'];
  /** The mode as the import read it: only lets a day that already holds this figure in this mode be skipped without a read. */
  modeAsRead?: ActualDayRecord['mode'];
}

export type ActualDayOutcome =
  | { changed: false; revision: number }
  | { changed: true; revision: number; previousMicros: bigint; deltaMicros: bigint }
  /** The day is not one of the budget's periods (a custom period that does not cover it), or the budget no longer has this source. */
  | { changed: false; outside: true };

/**
 * Provider days are UTC days: their spend is dated at noon UTC (the same local day from
 * UTC−11 to UTC+11), always, so every revision of a day lands in the same period. A day is
 * applied once its noon has passed (today's figure after 12:00 UTC, as spend so far).
 */
export const actualInstantMs = (date: string) => Date.parse(`${date}T12:00:00Z`);

/** Thrown inside a plan when the budget no longer takes this source's days (removed, changed, or the budget archived). */
class SourceGone extends Error {
  constructor() {
    super('source gone');
  }
}

/** Thrown inside a plan when the day already holds the figure: nothing to write. */
class UnchangedDay extends Error {
  constructor(readonly revision: number) {
    super('unchanged');
  }
}

/**
 * Runs through the movement runner like every money movement, so a counter found at another
 * budget version is aligned (or the budgets read again) before the next attempt, and a day
 * written meanwhile by another import, or a budget changed since it was read (`actual-changed`), is read again.
 */
export async function recordActualDay(ctx: MoneyContext, actor: Actor, budgetId: string, request: ActualDayRequest): Promise<ActualDayOutcome> {
  // Spend dated ahead of now would count in a period before it happened (the importer skips such days).
  if (actualInstantMs(request.date) > ctx.nowMs()) throw new Error(`the actual cost of ${request.date} is dated after now`);
  let outcome: ActualDayOutcome | undefined;
  try {
    await ctx.movements.run<ActualDayOutcome>({ respond: (result) => ({ status: 200, body: (outcome = result) }) }, {
      maxAttempts: MAX_RECORD_ATTEMPTS,
      conflictMessage: `The actual cost of ${request.date} could not be recorded for budget ${budgetId}; the import will retry it.`,
      next: async () => {
        const nowMs = ctx.nowMs();
        const [stored] = await ctx.money.actualDays(actor.tenantId, budgetId, request.date, request.date);
        const previousMicros = stored?.amountMicros ?? 0n;
        const expectedRevision = stored?.revision ?? 0;
        // Re-importing the same figures is the common case: a day that holds this figure in the mode the import read writes
        // nothing. If that read is stale, nothing is written either, and the next import (reading afresh) records the day.
        if (stored && previousMicros === request.amountMicros && stored.mode === request.modeAsRead) throw new UnchangedDay(expectedRevision);
        // The mode is the budget's as read now, strongly consistent with its chain, not the importer's (read when the import
        // began): a patch from `track` to `compare` meanwhile must not add the day to spend. The write is conditioned on the
        // budget's version read here (`actual.budgetVersion`), so the record that gave the mode is the one the write proves.
        const chain = await ctx.chains.chainAt(actor.tenantId, budgetId, actualInstantMs(request.date), { forWrite: false, fresh: true });
        const budget = chain[0]!.budget;
        if (budget.costSource?.provider !== request.source || budget.status !== 'active') throw new SourceGone();
        const mode = budget.costSource.mode;
        if (stored && previousMicros === request.amountMicros && stored.mode === mode) throw new UnchangedDay(expectedRevision);
        const record: ActualDayRecord = {
          tenantId: actor.tenantId, budgetId, date: request.date, amountMicros: request.amountMicros, source: request.source, mode,
          importedAt: new Date(nowMs).toISOString(), revision: expectedRevision + 1,
        };
        // What the ledger already holds for the day: the last figure, if it was tracked.
        const countedMicros = stored?.mode === 'track' ? previousMicros : 0n;
        const deltaMicros = (mode === 'track' ? request.amountMicros : 0n) - countedMicros;
        const write = deltaMicros === 0n
          ? { counters: [], ledger: [], actual: { record, expectedRevision, budgetVersion: budget.version }, nowMs }
          : spendMove(actor, chain, request, deltaMicros, { record, expectedRevision, budgetVersion: budget.version }, nowMs);
        return { result: { changed: true, revision: record.revision, previousMicros, deltaMicros }, write };
      },
      // Another import wrote the day meanwhile: read it again.
      refused: async () => 'retry',
    });
  } catch (error) {
    if (error instanceof UnchangedDay) return { changed: false, revision: error.revision };
    if (error instanceof SourceGone) return { changed: false, outside: true };
    if (error instanceof ConflictError && /custom period/.test(error.message)) return { changed: false, outside: true };
    throw error;
  }
  if (!outcome) throw new Error('the movement answered without its result');
  return outcome;
}

/** The movement of a tracked day's difference: usage when the figure went up, a correction when it went down. */
function spendMove(
  actor: Actor, chain: ChainLink[], request: ActualDayRequest, deltaMicros: bigint, actual: NonNullable<MovementWrite['actual']>, nowMs: number,
): MovementWrite {
  const atMs = actualInstantMs(request.date);
  const reference = `actual:${request.date}`;
  const { write } = deltaMicros > 0n
    ? usageMovement(actor, chain, {
      amountMicros: deltaMicros, occurredAtMs: atMs, category: null, provider: null, source: request.source,
      description: `Actual cost of ${request.date}`, reference, metadata: {},
    }, nowMs)
    : correctionMovement(actor, chain, { periodKey: chain[0]!.window.key, spentDeltaMicros: deltaMicros, reason: reference, atMs }, nowMs);
  return { ...write, actual };
}
