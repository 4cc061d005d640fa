import { BudgetExceededError, NotFoundError, ReservationNotHeldError } from '../common/errors.js';
import type { StoredResponse } from '../common/ports.js';
import { EXPIRY_ACTOR } from './approvals.js';
import { checkCurrency, counterFacts } from './chain.js';
import { periodForKey } from '../periods/period.js';
import type { MoneyContext } from './context.js';
import { ledgerEntry, type Actor, type Respond } from './movement.js';
import type { CounterMove, MovementWrite } from './ports.js';
import { counterKeyOf, type ChainPeriod, type ReservationRecord } from './records.js';
import type { ChargeRequest } from './requests.js';
import { expireEach, SWEEP_CONCURRENCY, type ExpirySweep } from './sweep.js';

/** A charge or release that lost a race re-reads the reservation this many times before answering 409. */
const MAX_SETTLE_ATTEMPTS = 3;

export async function getReservation(ctx: MoneyContext, tenantId: string, reservationId: string): Promise<ReservationRecord> {
  const reservation = await ctx.money.getReservation(tenantId, reservationId);
  if (!reservation) throw new NotFoundError('Reservation', reservationId);
  return reservation;
}

/** A held reservation, or 409 with its status (an expired one is expired on the spot). */
async function heldReservation(ctx: MoneyContext, tenantId: string, reservationId: string): Promise<ReservationRecord> {
  const reservation = await getReservation(ctx, tenantId, reservationId);
  if (reservation.status === 'held' && reservation.expiresAtMs <= ctx.nowMs()) {
    await expireOne(ctx, reservation, ctx.nowMs());
    throw new ReservationNotHeldError(reservationId, 'expired');
  }
  if (reservation.status !== 'held') throw new ReservationNotHeldError(reservationId, reservation.status);
  return reservation;
}

/**
 * Charge what the operation really cost: the rest of the hold is released (a `charge` and
 * a `release` entry); more than held must fit like a new hold on every guarded budget.
 */
export function charge(ctx: MoneyContext, actor: Actor, reservationId: string, request: ChargeRequest, options: Respond<ReservationRecord>): Promise<StoredResponse> {
  let extraMicros = 0n;
  return ctx.movements.run(options, {
    maxAttempts: MAX_SETTLE_ATTEMPTS,
    conflictMessage: 'The reservation changed concurrently; retry.',
    next: async () => {
      const reservation = await heldReservation(ctx, actor.tenantId, reservationId);
      const budgets = await ctx.chains.budgetsOf(actor.tenantId, reservation.chain);
      checkCurrency(reservation.currency, request.currency);
      const nowMs = ctx.nowMs();
      const heldMicros = reservation.amountMicros;
      const chargedMicros = request.amountMicros ?? heldMicros;
      extraMicros = chargedMicros > heldMicros ? chargedMicros - heldMicros : 0n;
      const restMicros = chargedMicros < heldMicros ? heldMicros - chargedMicros : 0n;
      const after: ReservationRecord = { ...reservation, status: 'charged', chargedMicros, updatedAt: new Date(nowMs).toISOString() };
      const common = {
        tenantId: actor.tenantId, budgetId: reservation.budgetId, limitDeltaMicros: 0n, periodKey: reservation.periodKey,
        chain: reservation.chain, reservationId, actor: actor.keyId,
      };
      const ledger = [ledgerEntry({ ...common, type: 'charge', amountMicros: chargedMicros, spentDeltaMicros: chargedMicros, reservedDeltaMicros: -(heldMicros - restMicros) }, nowMs)];
      if (restMicros > 0n) ledger.push(ledgerEntry({ ...common, type: 'release', amountMicros: restMicros, spentDeltaMicros: 0n, reservedDeltaMicros: -restMicros }, nowMs));
      const counters = reservation.chain.map((link): CounterMove => {
        const budget = budgets.get(link.budgetId);
        const window = budget ? periodForKey(budget.period, link.periodKey) : null;
        return {
          ...link,
          ...(budget ? counterFacts(budget, window) : { baseLimitMicros: 0n }),
          spentDeltaMicros: chargedMicros,
          // A hold that joined a closed period was never counted there at close: all of its charge is late spend.
          unheldSpentDeltaMicros: reservation.closedWhenHeld?.includes(counterKeyOf(link)) ? chargedMicros : extraMicros,
          // The charge lands in the hold's period (API.md): dated now, or that period's last instant once it has ended.
          spentAtMs: window?.endMs != null ? Math.min(nowMs, window.endMs - 1) : nowMs,
          spentLabels: { category: reservation.category, provider: null },
          reservedDeltaMicros: -heldMicros,
          limitDeltaMicros: 0n,
          // The extra above the hold must fit hard and approval budgets: approvals are asked for holds, not charges.
          guarded: budget !== undefined && budget.enforcement !== 'soft',
        };
      });
      return { result: after, write: { counters, ledger, reservation: { transition: { after, requireUnexpiredAtMs: nowMs } }, nowMs } };
    },
    refused: async (refusal) => {
      if (refusal.reason === 'budget-exceeded') throw new BudgetExceededError(refusal.budgetId, refusal.availableMicros, extraMicros);
      return 'retry'; // charged, released or expired meanwhile: the next read answers with its status
    },
  });
}

export function release(ctx: MoneyContext, actor: Actor, reservationId: string, options: Respond<ReservationRecord>): Promise<StoredResponse> {
  return ctx.movements.run(options, {
    maxAttempts: MAX_SETTLE_ATTEMPTS,
    conflictMessage: 'The reservation changed concurrently; retry.',
    next: async () => {
      const reservation = await heldReservation(ctx, actor.tenantId, reservationId);
      const nowMs = ctx.nowMs();
      const after: ReservationRecord = { ...reservation, status: 'released', updatedAt: new Date(nowMs).toISOString() };
      return { result: after, write: returnHold(reservation, after, 'release', actor.keyId, nowMs) };
    },
    refused: async () => 'retry',
  });
}

/** The movement that gives a hold back (release or expiry) to every budget it counted against. */
function returnHold(reservation: ReservationRecord, after: ReservationRecord, type: 'release' | 'expire', actor: string, nowMs: number): Omit<MovementWrite, 'idempotency'> {
  const amountMicros = reservation.amountMicros;
  return {
    counters: reservation.chain.map((link): CounterMove => ({
      ...link, baseLimitMicros: 0n, spentDeltaMicros: 0n, reservedDeltaMicros: -amountMicros, limitDeltaMicros: 0n, guarded: false,
    })),
    ledger: [ledgerEntry({
      tenantId: reservation.tenantId, budgetId: reservation.budgetId, type, amountMicros, spentDeltaMicros: 0n,
      reservedDeltaMicros: -amountMicros, limitDeltaMicros: 0n, periodKey: reservation.periodKey, chain: reservation.chain,
      reservationId: reservation.id, actor,
    }, nowMs)],
    reservation: { transition: { after } },
    nowMs,
  };
}

async function expireOne(ctx: MoneyContext, reservation: ReservationRecord, nowMs: number): Promise<boolean> {
  const after: ReservationRecord = { ...reservation, status: 'expired', updatedAt: new Date(nowMs).toISOString() };
  const outcome = await ctx.money.move(returnHold(reservation, after, 'expire', EXPIRY_ACTOR, nowMs));
  return outcome.ok;
}

/**
 * Expires every held reservation past its `expiresAt` (of one tenant, or all): the sweeper's
 * job. Each expiry is its own conditional write, so a sweep racing a charge, a release or
 * another sweep changes each hold once; one that fails is counted and left for the next run.
 */
export async function sweepExpiredHolds(ctx: MoneyContext, nowMs: number = ctx.nowMs(), tenantId?: string): Promise<ExpirySweep> {
  const due = await ctx.money.expiredHolds(nowMs, tenantId);
  return expireEach(due, SWEEP_CONCURRENCY, (reservation) => expireOne(ctx, reservation, nowMs));
}

/**
 * Due holds a refused reservation may expire itself, per refusal: enough to clear the usual
 * backlog of one budget between two sweeps (the sweeper runs every minute), small enough
 * that a refusal stays one short burst of writes; the rest is the sweeper's.
 */
export const LAZY_EXPIRY_LIMIT = 25;
/** At most this many in flight: they all write the refusing budget's counter, the hot item. */
export const LAZY_EXPIRY_CONCURRENCY = 4;

/**
 * On the request path: expires the due holds that count against one counter (the budget and
 * period that refused), at most {@link LAZY_EXPIRY_LIMIT}. A failure is left to the sweeper.
 * Returns how many it expired.
 */
export async function expireDueAgainst(ctx: MoneyContext, tenantId: string, counter: ChainPeriod, nowMs: number): Promise<number> {
  const due = await ctx.money.expiredHoldsOf(tenantId, counter, nowMs, LAZY_EXPIRY_LIMIT);
  return (await expireEach(due, LAZY_EXPIRY_CONCURRENCY, (reservation) => expireOne(ctx, reservation, nowMs))).expired;
}
