import { ConflictError } from '../common/errors.js';
import { newUsageId } from '../common/ids.js';
import { counterFacts, type ChainLink } from './chain.js';
import type { MoneyContext } from './context.js';
import { ledgerEntry, periodOf, type Actor } from './movement.js';
import type { ActualDayRecord, UsageRecord } from './records.js';
import type { MovementWrite } from './ports.js';
import { MAX_RECORD_ATTEMPTS } from './usage.js';

/**
 * One provider day's figure for a budget (API.md "Cost actuals"), applied so that re-importing
 * changes nothing and a revised day records only its difference. `track`: the difference
 * moves the budget's spend (and its ancestors') as usage when up, a correction when down,
 * dated to the day; `compare`: the figure is only kept. Either way the day's record moves to
 * its next revision in the same transaction, conditioned on the revision read, so two imports
 * racing over one day cannot both record a difference from the same figure.
 */

export interface ActualDayRequest {
  date: string;
  amountMicros: bigint;
  source: ActualDayRecord['source'];
  mode: ActualDayRecord['mode'];
}

export type ActualDayOutcome =
  | { changed: false; revision: number }
  | { changed: true; revision: number; previousMicros: bigint; deltaMicros: bigint }
  /** The day is not one of the budget's periods (a custom period that does not cover it). */
  | { changed: false; outside: true };

/** Provider days are UTC days: their spend is dated at noon UTC, which is the same local day in every zone from UTC−11 to UTC+11. */
export const actualInstantMs = (date: string) => Date.parse(`${date}T12:00:00Z`);

export async function recordActualDay(ctx: MoneyContext, actor: Actor, budgetId: string, request: ActualDayRequest): Promise<ActualDayOutcome> {
  for (let attempt = 1; attempt <= MAX_RECORD_ATTEMPTS; attempt++) {
    const nowMs = ctx.nowMs();
    const [stored] = await ctx.money.actualDays(actor.tenantId, budgetId, request.date, request.date);
    const previousMicros = stored?.amountMicros ?? 0n;
    const expectedRevision = stored?.revision ?? 0;
    // The same figure again (and, in track mode, already counted): nothing to record.
    if (stored && previousMicros === request.amountMicros && stored.mode === request.mode) return { changed: false, revision: expectedRevision };
    const record: ActualDayRecord = {
      tenantId: actor.tenantId, budgetId, date: request.date, amountMicros: request.amountMicros, source: request.source, mode: request.mode,
      importedAt: new Date(nowMs).toISOString(), revision: expectedRevision + 1,
    };
    // What the ledger already holds for the day: the last figure, if it was tracked.
    const countedMicros = stored?.mode === 'track' ? previousMicros : 0n;
    const targetMicros = request.mode === 'track' ? request.amountMicros : 0n;
    const deltaMicros = targetMicros - countedMicros;
    let write: MovementWrite;
    try {
      write = deltaMicros === 0n
        ? { counters: [], ledger: [], actual: { record, expectedRevision }, nowMs }
        : await spendMove(ctx, actor, budgetId, request, deltaMicros, { record, expectedRevision }, nowMs);
    } catch (error) {
      if (error instanceof ConflictError) return { changed: false, outside: true };
      throw error;
    }
    const outcome = await ctx.money.move(write);
    if (outcome.ok) return { changed: true, revision: record.revision, previousMicros, deltaMicros };
    if (outcome.reason === 'counter-stale') {
      for (const move of write.counters) ctx.chains.forget(actor.tenantId, move.budgetId);
    }
    // Another import wrote the day, or a budget changed under the read: read both again.
  }
  throw new ConflictError(`The actual cost of ${request.date} could not be recorded for budget ${budgetId}; the import will retry it.`);
}

/** The movement of a tracked day's difference: usage when the figure went up, a correction when it went down. */
async function spendMove(
  ctx: MoneyContext, actor: Actor, budgetId: string, request: ActualDayRequest, deltaMicros: bigint,
  actual: NonNullable<MovementWrite['actual']>, nowMs: number,
): Promise<MovementWrite> {
  const atMs = actualInstantMs(request.date);
  const chain: ChainLink[] = await ctx.chains.chainAt(actor.tenantId, budgetId, atMs, { forWrite: false });
  const target = chain[0]!.budget;
  const reference = `actual:${request.date}`;
  const counters = chain.map((link) => ({
    ...periodOf(link), ...counterFacts(link.budget, link.window), spentDeltaMicros: deltaMicros, reservedDeltaMicros: 0n, limitDeltaMicros: 0n,
    unheldSpentDeltaMicros: deltaMicros, spentAtMs: atMs, guarded: false,
  }));
  if (deltaMicros > 0n) {
    const usage: UsageRecord = {
      tenantId: actor.tenantId, id: newUsageId(nowMs), budgetId: target.id, currency: target.currency, amountMicros: deltaMicros,
      occurredAt: new Date(atMs).toISOString(), periodKey: chain[0]!.window.key, category: null, provider: null, source: request.source,
      description: `Actual cost of ${request.date}`, reference, metadata: {}, createdAt: new Date(nowMs).toISOString(),
    };
    return {
      counters,
      ledger: [ledgerEntry({
        tenantId: actor.tenantId, budgetId: target.id, type: 'usage', amountMicros: deltaMicros, spentDeltaMicros: deltaMicros, reservedDeltaMicros: 0n,
        limitDeltaMicros: 0n, periodKey: usage.periodKey, chain: chain.map(periodOf), usageId: usage.id, actor: actor.keyId,
      }, nowMs)],
      usage,
      actual,
      nowMs,
    };
  }
  return {
    counters,
    ledger: [ledgerEntry({
      tenantId: actor.tenantId, budgetId: target.id, type: 'correction', amountMicros: deltaMicros, spentDeltaMicros: deltaMicros, reservedDeltaMicros: 0n,
      limitDeltaMicros: 0n, periodKey: chain[0]!.window.key, chain: chain.map(periodOf), reason: reference, actor: actor.keyId,
    }, nowMs)],
    actual,
    nowMs,
  };
}
