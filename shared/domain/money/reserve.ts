import { MAX_HIERARCHY_DEPTH } from '../budgets/budget.js';
import { BudgetExceededError } from '../common/errors.js';
import { newApprovalId, newReservationId } from '../common/ids.js';
import type { StoredResponse } from '../common/ports.js';
import { AUTOMATIC_APPROVER, approvalLevel, automaticOverrunAllowance, type ApprovalLevel, type ApprovalRecord } from './approvals.js';
import { checkCurrency, counterFacts, type ChainLink } from './chain.js';
import type { MoneyContext } from './context.js';
import { expireDueAgainst } from './holds.js';
import { ledgerEntry, periodOf, type Actor, type Respond } from './movement.js';
import { counterKeyOf, type ReservationRecord } from './records.js';
import type { ReserveRequest } from './requests.js';

/**
 * Attempts of one reservation: each soft budget of the chain may drop its guard once, the
 * lapsed holds against each budget of the chain may be expired once, a small overrun may be
 * approved automatically once, and one more attempt follows the last of those.
 */
const MAX_RESERVE_ATTEMPTS = 2 * MAX_HIERARCHY_DEPTH + 2;

interface ApprovalAsk {
  actor: Actor;
  blocking: ChainLink;
  reservation: ReservationRecord;
  overrunMicros: bigint;
  level: ApprovalLevel;
  nowMs: number;
}

/**
 * Holds `amountMicros` against the budget and every ancestor, in one atomic write: either
 * every hard budget has room or nothing changes (409 naming the budget that lacked it).
 *
 * A soft budget is tried guarded first, only to learn whether the hold goes over it: its
 * refusal drops its guard and marks the hold `overLimit`. An approval budget that lacks room
 * approves a small overrun automatically (same as soft, with an approval record) and asks a
 * person for a larger one (202: the reservation waits, holding nothing).
 */
export function reserve(ctx: MoneyContext, actor: Actor, budgetId: string, request: ReserveRequest, options: Respond<ReservationRecord>): Promise<StoredResponse> {
  let chain: ChainLink[] | undefined;
  const unguarded = new Set<string>();
  /** Approval budgets whose automatic allowance this hold may use: budget id → how far below zero. */
  const allowances = new Map<string, bigint>();
  let automaticApproval: ApprovalRecord | undefined;
  /** Budgets of the chain whose lapsed holds this reservation has already expired (once each). */
  const expiredHoldsReleased = new Set<string>();
  /** When the last attempt was written: expiry and an approval request are decided at that instant. */
  let writeMs = 0;
  const amountMicros = request.amountMicros;

  return ctx.movements.run(options, {
    maxAttempts: MAX_RESERVE_ATTEMPTS,
    conflictMessage: 'The reservation could not be placed because budgets changed concurrently; retry.',
    reread: () => {
      chain = undefined;
      unguarded.clear();
      allowances.clear();
      automaticApproval = undefined;
    },
    next: async () => {
      if (!chain) {
        chain = await ctx.chains.chainAt(actor.tenantId, budgetId, ctx.nowMs(), { forWrite: true });
        checkCurrency(chain[0]!.budget.currency, request.currency);
      }
      const target = chain[0]!.budget;
      writeMs = ctx.nowMs();
      const reservation: ReservationRecord = {
        tenantId: actor.tenantId,
        id: newReservationId(writeMs),
        budgetId: target.id,
        currency: target.currency,
        amountMicros,
        status: 'held',
        overLimit: unguarded.size > 0 || allowances.size > 0,
        periodKey: chain[0]!.window.key,
        chain: chain.map(periodOf),
        expiresAtMs: writeMs + request.ttlSeconds * 1000,
        createdAt: new Date(writeMs).toISOString(),
        updatedAt: new Date(writeMs).toISOString(),
        chargedMicros: null,
        description: request.description ?? null,
        category: request.category ?? null,
        metadata: request.metadata ?? {},
        approvalId: null,
        actor: actor.keyId,
      };
      const approval = automaticApproval && { ...automaticApproval, reservationId: reservation.id };
      if (approval) reservation.approvalId = approval.id;
      return {
        result: reservation,
        write: {
          counters: chain.map((link) => ({
            ...periodOf(link),
            ...counterFacts(link.budget, link.window),
            spentDeltaMicros: 0n,
            reservedDeltaMicros: amountMicros,
            limitDeltaMicros: 0n,
            guarded: !unguarded.has(link.budget.id),
            overdraftMicros: allowances.get(link.budget.id) ?? 0n,
            requireOpen: true,
          })),
          ledger: [ledgerEntry({
            tenantId: actor.tenantId, budgetId: target.id, type: 'reserve', amountMicros,
            spentDeltaMicros: 0n, reservedDeltaMicros: amountMicros, limitDeltaMicros: 0n,
            periodKey: reservation.periodKey, chain: reservation.chain, reservationId: reservation.id, actor: actor.keyId,
            ...(approval && { approvalId: approval.id }),
          }, writeMs)],
          reservation: { create: reservation },
          ...(approval && { approval: { create: approval } }),
          nowMs: writeMs,
        },
      };
    },
    refused: async (refusal, reservation) => {
      // Read just before a period's end and written after its close: the next attempt reads the time again, in the next period.
      if (refusal.reason === 'period-closed') return 'retry';
      if (refusal.reason !== 'budget-exceeded') throw new Error(`unexpected outcome ${refusal.reason}`);
      const blocking = chain!.find((link) => link.budget.id === refusal.budgetId)!;
      if (blocking.budget.enforcement === 'soft') {
        unguarded.add(blocking.budget.id);
        return 'retry';
      }
      // A hold that lacks room only because of expired (not yet swept) holds must succeed: it
      // expires those that count against the budget that refused (bounded; the sweeper does the rest).
      // Only when they could matter: with nothing held, or (on a hard budget) too little held to
      // make room even if every hold had lapsed, an exhausted budget refuses in one round trip
      // instead of querying every shard of the expiry index. On an approval budget any freed
      // room lowers the overrun, and with it the level asked for.
      const lapsedHoldsCouldHelp = refusal.reservedMicros > 0n
        && (blocking.budget.enforcement === 'approval' || refusal.availableMicros + refusal.reservedMicros >= amountMicros);
      if (lapsedHoldsCouldHelp && !expiredHoldsReleased.has(blocking.budget.id)) {
        expiredHoldsReleased.add(blocking.budget.id);
        if ((await expireDueAgainst(ctx, actor.tenantId, periodOf(blocking), writeMs)) > 0) return 'retry';
      }
      if (blocking.budget.enforcement === 'approval') {
        const overrunMicros = amountMicros - refusal.availableMicros;
        const level = approvalLevel(overrunMicros, refusal.limitMicros);
        const ask: ApprovalAsk = { actor, blocking, reservation, overrunMicros, level, nowMs: writeMs };
        if (level === 'automatic') {
          // The next write may overdraw by the allowance, and no further: of racing requests
          // that each read room for one automatic overrun, the write lets exactly one take it.
          automaticApproval = approvalFor(ask, 'approved');
          allowances.set(blocking.budget.id, automaticOverrunAllowance(refusal.limitMicros));
          return 'retry';
        }
        await refuseIfHardBudgetLacksRoom(ctx, actor.tenantId, chain!, amountMicros);
        return requestApproval(ctx, ask, request, options);
      }
      await ctx.limitNotices.refused({
        tenantId: actor.tenantId, ...periodOf(blocking), refusedAtMs: writeMs, requestedMicros: amountMicros,
        limitMicros: refusal.limitMicros, availableMicros: refusal.availableMicros, reservedMicros: refusal.reservedMicros,
      });
      throw new BudgetExceededError(blocking.budget.id, refusal.availableMicros, amountMicros);
    },
  });
}

/**
 * No one is asked to approve what a hard budget of the chain refuses anyway: that is a
 * 409 now. (The decision re-checks every hard budget in its own atomic write.)
 */
async function refuseIfHardBudgetLacksRoom(ctx: MoneyContext, tenantId: string, chain: ChainLink[], amountMicros: bigint): Promise<void> {
  const hard = chain.filter((link) => link.budget.enforcement === 'hard');
  if (hard.length === 0) return;
  const counters = await ctx.money.counters(tenantId, hard.map(periodOf));
  for (const link of hard) {
    const counter = counters.get(counterKeyOf(periodOf(link)));
    const availableMicros = counter?.availableMicros ?? link.budget.limitMicros;
    if (availableMicros < amountMicros) {
      await ctx.limitNotices.refused({
        tenantId, ...periodOf(link), refusedAtMs: ctx.nowMs(), requestedMicros: amountMicros, availableMicros,
        limitMicros: counter ? counter.baseLimitMicros + counter.limitDeltaMicros : link.budget.limitMicros, reservedMicros: counter?.reservedMicros ?? 0n,
      });
      throw new BudgetExceededError(link.budget.id, availableMicros, amountMicros);
    }
  }
}

function approvalFor(ask: ApprovalAsk, status: 'pending' | 'approved'): ApprovalRecord {
  const { actor, blocking, reservation, nowMs } = ask;
  const nowIso = new Date(nowMs).toISOString();
  return {
    tenantId: actor.tenantId,
    id: newApprovalId(nowMs),
    budgetId: blocking.budget.id,
    reservationId: reservation.id,
    reservationBudgetId: reservation.budgetId,
    currency: reservation.currency,
    periodKey: blocking.window.key,
    amountMicros: reservation.amountMicros,
    overrunMicros: ask.overrunMicros,
    level: ask.level,
    status,
    requestedAt: nowIso,
    requestedBy: actor.keyId,
    expiresAtMs: nowMs + blocking.budget.approvalPolicy.ttlSeconds * 1000,
    decidedAt: status === 'approved' ? nowIso : null,
    decidedBy: status === 'approved' ? AUTOMATIC_APPROVER : null,
    comment: null,
    description: reservation.description,
  };
}

/**
 * The 202 path: the reservation waits for a person, holding nothing. It and its approval
 * are written together (with the idempotency record), so a retry finds the same request.
 */
function requestApproval(ctx: MoneyContext, ask: ApprovalAsk, request: ReserveRequest, options: Respond<ReservationRecord>): Promise<StoredResponse> {
  const approval = approvalFor(ask, 'pending');
  const pending: ReservationRecord = {
    ...ask.reservation,
    status: 'pending_approval',
    overLimit: false,
    approvalId: approval.id,
    expiresAtMs: approval.expiresAtMs,
    requestedTtlSeconds: request.ttlSeconds,
  };
  return ctx.movements.attempt(options, {
    maxAttempts: 1,
    conflictMessage: 'The approval request could not be recorded; retry.',
    next: async () => ({
      result: pending,
      write: { counters: [], ledger: [], reservation: { create: pending }, approval: { create: approval }, nowMs: ask.nowMs },
    }),
    refused: async () => 'retry',
  });
}
