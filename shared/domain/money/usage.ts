import { ConflictError, ValidationError } from '../common/errors.js';
import { newUsageId } from '../common/ids.js';
import type { StoredResponse } from '../common/ports.js';
import { checkCurrency, counterFacts, type ChainLink } from './chain.js';
import type { MoneyContext } from './context.js';
import { ledgerEntry, periodOf, spendCounterMoves, type Actor, type Respond } from './movement.js';
import type { MovementWrite } from './ports.js';
import { MAX_USAGE_CLOCK_SKEW_MS, type LedgerEntryRecord, type UsageRecord } from './records.js';
import type { AdjustmentRequest, UsageRequest } from './requests.js';

/** A usage or adjustment re-reads and writes again when its write found a counter out of date (or a twin's key): at most this often. */
export const MAX_RECORD_ATTEMPTS = 3;

/**
 * Records spend that already happened. Usage is a fact: it is never refused for the limit,
 * and it counts as `spent` in the budget and every ancestor, each in the period that
 * contains `occurredAt`.
 */
export function recordUsage(ctx: MoneyContext, actor: Actor, budgetId: string, request: UsageRequest, options: Respond<UsageRecord>): Promise<StoredResponse> {
  return ctx.movements.run(options, {
    maxAttempts: MAX_RECORD_ATTEMPTS,
    conflictMessage: 'The usage could not be recorded; retry.',
    next: async () => {
      const nowMs = ctx.nowMs();
      const occurredAtMs = request.occurredAtMs ?? nowMs;
      if (occurredAtMs > nowMs + MAX_USAGE_CLOCK_SKEW_MS) {
        throw new ValidationError([{ pointer: '/occurredAt', detail: 'must not be more than 5 minutes in the future' }]);
      }
      let chain: ChainLink[];
      try {
        chain = await ctx.chains.chainAt(actor.tenantId, budgetId, occurredAtMs, { forWrite: true });
      } catch (error) {
        if (error instanceof ConflictError) throw new ValidationError([{ pointer: '/occurredAt', detail: 'is outside the budget\'s custom period' }]);
        throw error;
      }
      checkCurrency(chain[0]!.budget.currency, request.currency);
      const { usage, write } = usageMovement(actor, chain, {
        amountMicros: request.amountMicros, occurredAtMs, category: request.category ?? null, provider: request.provider ?? null, source: request.source ?? null,
        description: request.description ?? null, reference: request.reference ?? null, metadata: request.metadata ?? {},
      }, nowMs);
      return { result: usage, write };
    },
    refused: async (refusal) => {
      if (refusal.reason === 'limit-below-zero') {
        throw new ConflictError(`This cut would take the period's effective limit of budget ${refusal.budgetId} below zero.`);
      }
      return 'retry';
    },
  });
}

/** What a usage record says beyond its amount and instant (the budget, currency and period come from the chain). */
export type UsageFields = Pick<UsageRecord, 'category' | 'provider' | 'source' | 'description' | 'reference' | 'metadata'>;

/** Usage as a movement: its record, its ledger entry, and `spent` in every counter of the chain at `occurredAtMs`. */
export function usageMovement(
  actor: Actor, chain: readonly ChainLink[], fields: UsageFields & { amountMicros: bigint; occurredAtMs: number }, nowMs: number,
): { usage: UsageRecord; write: MovementWrite } {
  const target = chain[0]!.budget;
  const { amountMicros, occurredAtMs, ...described } = fields;
  const usage: UsageRecord = {
    tenantId: actor.tenantId, id: newUsageId(nowMs), budgetId: target.id, currency: target.currency, amountMicros,
    occurredAt: new Date(occurredAtMs).toISOString(), periodKey: chain[0]!.window.key, ...described, createdAt: new Date(nowMs).toISOString(),
  };
  return {
    usage,
    write: {
      counters: spendCounterMoves(chain, amountMicros, occurredAtMs, { category: usage.category, provider: usage.provider }),
      ledger: [ledgerEntry({
        tenantId: actor.tenantId, budgetId: target.id, type: 'usage', amountMicros, spentDeltaMicros: amountMicros, reservedDeltaMicros: 0n,
        limitDeltaMicros: 0n, periodKey: usage.periodKey, chain: chain.map(periodOf), usageId: usage.id, actor: actor.keyId,
      }, nowMs)],
      usage,
      nowMs,
    },
  };
}

/** A signed change of the current period's limit of this budget only (a child's top-up does not raise its parent). */
export function adjust(ctx: MoneyContext, actor: Actor, budgetId: string, request: AdjustmentRequest, options: Respond<LedgerEntryRecord>): Promise<StoredResponse> {
  return ctx.movements.run(options, {
    maxAttempts: MAX_RECORD_ATTEMPTS,
    conflictMessage: 'The adjustment could not be recorded; retry.',
    next: async () => {
      const nowMs = ctx.nowMs();
      const [link] = await ctx.chains.chainAt(actor.tenantId, budgetId, nowMs, { forWrite: true });
      const budget = link!.budget;
      checkCurrency(budget.currency, request.currency);
      const amountMicros = request.amountMicros;
      const entry = ledgerEntry({
        tenantId: actor.tenantId, budgetId: budget.id, type: 'adjustment', amountMicros, spentDeltaMicros: 0n, reservedDeltaMicros: 0n,
        limitDeltaMicros: amountMicros, periodKey: link!.window.key, chain: [periodOf(link!)], reason: request.reason, actor: actor.keyId,
      }, nowMs);
      return {
        result: entry,
        write: {
          counters: [{ ...periodOf(link!), ...counterFacts(budget, link!.window), spentDeltaMicros: 0n, reservedDeltaMicros: 0n, limitDeltaMicros: amountMicros, guarded: false }],
          ledger: [entry],
          nowMs,
        },
      };
    },
    refused: async (refusal) => {
      if (refusal.reason === 'limit-below-zero') {
        throw new ConflictError(`This cut would take the period's effective limit of budget ${refusal.budgetId} below zero.`);
      }
      return 'retry';
    },
  });
}
