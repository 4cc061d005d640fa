import { auditEntry, changedFields, type AuditContext } from '../audit/audit.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { StoredResponse } from '../common/ports.js';
import { periodContaining, periodForKey } from '../periods/period.js';
import type { ChainLink } from './chain.js';
import type { MoneyContext } from './context.js';
import { ledgerEntry, periodOf, spendCounterMoves, type Actor, type Respond } from './movement.js';
import type { MovementWrite } from './ports.js';
import type { LedgerEntryRecord } from './records.js';
import type { CorrectionRequest } from './requests.js';
import { MAX_RECORD_ATTEMPTS } from './usage.js';

/**
 * A correction (API.md "Reconciliation and corrections"): brings recorded spend in line with
 * a bill. Like usage it moves `spent` in the budget and every ancestor and is never refused
 * for the limit; unlike usage it names a period rather than an instant, may be negative, and
 * reaches an archived budget (a bill can arrive after the budget was retired). Into a closed
 * period it is late spend there; the close's figures and rollover stay as they were.
 */
export function correct(
  ctx: MoneyContext, actor: Actor, budgetId: string, request: CorrectionRequest, audit: AuditContext, options: Respond<LedgerEntryRecord>,
): Promise<StoredResponse> {
  return ctx.movements.run(options, {
    maxAttempts: MAX_RECORD_ATTEMPTS,
    conflictMessage: 'The correction could not be recorded; retry.',
    next: async () => {
      const nowMs = ctx.nowMs();
      const atMs = await instantIn(ctx, actor.tenantId, budgetId, request.periodKey, nowMs);
      const chain = await ctx.chains.chainAt(actor.tenantId, budgetId, atMs, { forWrite: false });
      if (chain[0]!.window.key !== request.periodKey) throw new Error(`correction into ${request.periodKey} resolved to ${chain[0]!.window.key}`);
      const { entry, write } = correctionMovement(actor, chain, { periodKey: request.periodKey, spentDeltaMicros: request.spentDeltaMicros, reason: request.reason, atMs }, nowMs);
      const correctionAudit = auditEntry(audit, nowMs, {
        tenantId: actor.tenantId, action: 'correction.created', resourceType: 'ledgerEntry', resourceId: entry.id,
        changes: changedFields(undefined, { budgetId: entry.budgetId, periodKey: entry.periodKey, spentDeltaMicros: entry.spentDeltaMicros, reason: request.reason }, CORRECTION_FIELDS),
      });
      return { result: entry, write: { ...write, audit: correctionAudit } };
    },
    // Nothing in a correction can be refused for the limit: a refusal is a race (a budget changed meanwhile), and the next attempt reads again.
    refused: async () => 'retry',
  });
}

/** What a correction's audit entry shows: the entry it created. */
const CORRECTION_FIELDS = ['budgetId', 'periodKey', 'spentDeltaMicros', 'reason'] as const;

/** A correction as a movement: its ledger entry and `spent` in every counter of the chain at `atMs`. */
export function correctionMovement(
  actor: Actor, chain: readonly ChainLink[], correction: { periodKey: string; spentDeltaMicros: bigint; reason: string; atMs: number }, nowMs: number,
): { entry: LedgerEntryRecord; write: MovementWrite } {
  const { periodKey, spentDeltaMicros, reason, atMs } = correction;
  const entry = ledgerEntry({
    tenantId: actor.tenantId, budgetId: chain[0]!.budget.id, type: 'correction', amountMicros: spentDeltaMicros, spentDeltaMicros, reservedDeltaMicros: 0n,
    limitDeltaMicros: 0n, periodKey, chain: chain.map(periodOf), reason, actor: actor.keyId,
  }, nowMs);
  return { entry, write: { counters: spendCounterMoves(chain, spentDeltaMicros, atMs), ledger: [entry], nowMs } };
}

/**
 * The instant whose chain the correction moves: the period's last instant, or now while the
 * period is current, so each ancestor takes it in the period that contains it (the one
 * usage at that instant would have reached).
 */
async function instantIn(ctx: MoneyContext, tenantId: string, budgetId: string, periodKey: string, nowMs: number): Promise<number> {
  const budget = (await ctx.chains.budgetsOf(tenantId, [{ budgetId, periodKey }])).get(budgetId);
  if (!budget) throw new NotFoundError('Budget', budgetId);
  const window = periodForKey(budget.period, periodKey);
  if (!window) throw new ValidationError([{ pointer: '/periodKey', detail: `is not a period of this budget (its periods are ${budget.period.type})` }]);
  if (window.startMs !== null && window.startMs > nowMs) throw new ValidationError([{ pointer: '/periodKey', detail: 'is a period that has not started' }]);
  // Only periods the budget lives through ever close (its schedule starts at its first and stops at its archiving).
  const first = periodContaining(budget.period, Date.parse(budget.createdAt));
  if (first?.startMs != null && window.startMs !== null && window.startMs < first.startMs) {
    throw new ValidationError([{ pointer: '/periodKey', detail: `is before the budget's first period (${first.key})` }]);
  }
  if (budget.status === 'archived' && window.startMs !== null && window.startMs > Date.parse(budget.updatedAt)) {
    throw new ValidationError([{ pointer: '/periodKey', detail: 'is after the budget was archived' }]);
  }
  return window.endMs === null ? nowMs : Math.min(window.endMs - 1, nowMs);
}
