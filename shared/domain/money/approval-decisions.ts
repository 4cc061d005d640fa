import { auditEntry, changedFields, type AuditContext } from '../audit/audit.js';
import type { BudgetStore } from '../budgets/ports.js';
import { BudgetArchivedError, BudgetExceededError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { LIMITS } from '../common/limits.js';
import type { IdempotencyStore, Page, StoredResponse } from '../common/ports.js';
import { EXPIRY_ACTOR, levelWithin, type ApprovalLevel, type ApprovalQuery, type ApprovalRecord, type DecisionRequest } from './approvals.js';
import { periodForKey } from '../periods/period.js';
import { counterFacts } from './chain.js';
import { ledgerEntry, MovementRunner, type Actor, type Respond } from './movement.js';
import type { ApprovalStore, MoneyStore, MovementWrite } from './ports.js';
import { counterKeyOf, DEFAULT_HOLD_TTL_SECONDS, type ReservationRecord } from './records.js';
import { expireEach, SWEEP_CONCURRENCY, type ExpirySweep } from './sweep.js';

export interface ApprovalServiceDeps {
  budgets: BudgetStore;
  money: MoneyStore;
  approvals: ApprovalStore;
  idempotency: IdempotencyStore;
  nowMs?: () => number;
}

type Decision = 'approve' | 'deny';

/** What a decision changes on an approval, as its audit entry shows. */
const DECISION_FIELDS = ['status', 'decidedBy', 'comment'] as const satisfies ReadonlyArray<keyof ApprovalRecord>;

/** Who decides: a key (or a Slack approver, `slack:<user>`), and the highest level it may decide. */
export interface Decider extends Actor {
  maxApprovalLevel: ApprovalLevel;
}

/**
 * Decisions on reservations that went past an approval budget (API.md "Approvals").
 * A decision is one atomic write: the approval, its reservation and, when approved, the
 * hold on every budget of the chain with its ledger entry. The approval budgets' guards are
 * lifted (that is the approved overrun); hard budgets still refuse what does not fit.
 */
export class ApprovalService {
  private readonly nowMs: () => number;
  private readonly movements: MovementRunner;

  constructor(private readonly deps: ApprovalServiceDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.movements = new MovementRunner({ money: deps.money, idempotency: deps.idempotency, nowMs: this.nowMs });
  }

  async get(tenantId: string, approvalId: string): Promise<ApprovalRecord> {
    const approval = await this.deps.approvals.get(tenantId, approvalId);
    if (!approval) throw new NotFoundError('Approval', approvalId);
    return approval;
  }

  list(tenantId: string, query: ApprovalQuery): Promise<Page<ApprovalRecord>> {
    return this.deps.approvals.list(tenantId, {
      ...(query.status && { status: query.status }),
      ...(query.budgetId && { budgetId: query.budgetId }),
    }, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
  }

  /**
   * Approves or denies a pending approval in one atomic write (see the class comment). A
   * decision that lost a race answers with what the approval is now (409 `conflict`). The
   * decision's audit entry is part of that write.
   */
  decide(actor: Decider, approvalId: string, decision: Decision, request: DecisionRequest, audit: AuditContext, options: Respond<ApprovalRecord>): Promise<StoredResponse> {
    let reservation: ReservationRecord | undefined;
    return this.movements.run(options, {
      // A second and third attempt follow a counter found out of date (or a twin's key).
      maxAttempts: 3,
      conflictMessage: `Approval ${approvalId} changed concurrently; retry.`,
      next: async () => {
        const approval = await this.pending(actor.tenantId, approvalId);
        // An approval's level never changes, so this read needs no condition at write time.
        if (!levelWithin(approval.level, actor.maxApprovalLevel)) {
          throw new ForbiddenError(`Approval ${approvalId} needs a ${approval.level} decision; this approver decides up to ${actor.maxApprovalLevel}.`);
        }
        reservation = await this.deps.money.getReservation(actor.tenantId, approval.reservationId);
        if (!reservation) throw new NotFoundError('Reservation', approval.reservationId);
        const nowMs = this.nowMs();
        const decided: ApprovalRecord = {
          ...approval, status: decision === 'approve' ? 'approved' : 'denied', decidedAt: new Date(nowMs).toISOString(), decidedBy: actor.keyId, comment: request.comment ?? null,
        };
        const write = decision === 'approve'
          ? await this.approvedHold(actor, reservation, decided, nowMs)
          : this.decisionOnly(reservation, 'denied', nowMs);
        const decisionAudit = auditEntry(audit, nowMs, {
          tenantId: actor.tenantId, action: `approval.${decided.status}`, resourceType: 'approval', resourceId: approval.id,
          changes: changedFields(approval, decided, DECISION_FIELDS),
        });
        return { result: decided, write: { ...write, approval: { transition: { after: decided, requireUnexpiredAtMs: nowMs } }, audit: decisionAudit } };
      },
      refused: async (refusal) => {
        if (refusal.reason === 'budget-exceeded') throw new BudgetExceededError(refusal.budgetId, refusal.availableMicros, reservation!.amountMicros);
        if (refusal.reason === 'period-closed') return 'retry';
        // Decided or expired meanwhile: answer with what it is now.
        await this.pending(actor.tenantId, approvalId);
        return 'retry';
      },
    });
  }

  /** The approval if it is still pending; one past its expiry is expired on the spot. */
  private async pending(tenantId: string, approvalId: string): Promise<ApprovalRecord> {
    const approval = await this.get(tenantId, approvalId);
    if (approval.status === 'pending' && approval.expiresAtMs <= this.nowMs()) {
      await this.expireOne(approval, this.nowMs());
      throw new ConflictError(`Approval ${approvalId} is expired.`);
    }
    if (approval.status !== 'pending') throw new ConflictError(`Approval ${approvalId} is ${approval.status}, not pending.`);
    return approval;
  }

  /** Approving: the reservation becomes `held`, counted on every budget of its chain. */
  private async approvedHold(actor: Actor, reservation: ReservationRecord, approval: ApprovalRecord, nowMs: number): Promise<Omit<MovementWrite, 'approval'>> {
    const budgets = new Map((await this.deps.budgets.getMany(actor.tenantId, reservation.chain.map((link) => link.budgetId))).map((budget) => [budget.id, budget]));
    for (const link of reservation.chain) {
      const budget = budgets.get(link.budgetId);
      if (!budget) throw new NotFoundError('Budget', link.budgetId);
      if (budget.status === 'archived') throw new BudgetArchivedError(budget.id);
    }
    const amountMicros = reservation.amountMicros;
    // A decision after a period's close still holds in the reservation's period (its chain is
    // fixed); the hold is remembered as joining a closed counter, so its charge is late spend there.
    const counters = await this.deps.money.counters(actor.tenantId, reservation.chain);
    const closedWhenHeld = reservation.chain.map(counterKeyOf).filter((key) => counters.get(key)?.closed);
    const held: ReservationRecord = {
      ...reservation,
      ...(closedWhenHeld.length > 0 && { closedWhenHeld }),
      status: 'held',
      overLimit: true,
      expiresAtMs: nowMs + (reservation.requestedTtlSeconds ?? DEFAULT_HOLD_TTL_SECONDS) * 1000,
      updatedAt: new Date(nowMs).toISOString(),
    };
    return {
      counters: reservation.chain.map((link) => {
        const budget = budgets.get(link.budgetId)!;
        return {
          ...link, ...counterFacts(budget, periodForKey(budget.period, link.periodKey)), spentDeltaMicros: 0n, reservedDeltaMicros: amountMicros, limitDeltaMicros: 0n,
          guarded: budget.enforcement === 'hard',
          // One read open must still be open at the write (a close in between: read again).
          requireOpen: !closedWhenHeld.includes(counterKeyOf(link)),
        };
      }),
      ledger: [ledgerEntry({
        tenantId: actor.tenantId, budgetId: reservation.budgetId, type: 'reserve', amountMicros,
        spentDeltaMicros: 0n, reservedDeltaMicros: amountMicros, limitDeltaMicros: 0n, periodKey: reservation.periodKey, chain: reservation.chain,
        reservationId: reservation.id, approvalId: approval.id, actor: actor.keyId,
      }, nowMs)],
      reservation: { transition: { after: held, from: 'pending_approval' } },
      nowMs,
    };
  }

  /** Denying or expiring: nothing was held, so only the reservation's status changes. */
  private decisionOnly(reservation: ReservationRecord, status: 'denied' | 'expired', nowMs: number): Omit<MovementWrite, 'approval'> {
    const after: ReservationRecord = { ...reservation, status, updatedAt: new Date(nowMs).toISOString() };
    return { counters: [], ledger: [], reservation: { transition: { after, from: 'pending_approval' } }, nowMs };
  }

  private async expireOne(approval: ApprovalRecord, nowMs: number): Promise<boolean> {
    const reservation = await this.deps.money.getReservation(approval.tenantId, approval.reservationId);
    if (!reservation) return false;
    const expired: ApprovalRecord = { ...approval, status: 'expired', decidedAt: new Date(nowMs).toISOString(), decidedBy: EXPIRY_ACTOR };
    const outcome = await this.deps.money.move({
      ...this.decisionOnly(reservation, 'expired', nowMs),
      approval: { transition: { after: expired } },
    });
    return outcome.ok;
  }

  /**
   * Expires every pending approval past its `expiresAt` (the sweeper's job): how many it
   * expired, and which failed (counted and left for the next run, never failing the batch).
   */
  async sweepExpired(nowMs: number = this.nowMs(), tenantId?: string): Promise<ExpirySweep> {
    const due = await this.deps.approvals.expiredPending(nowMs, tenantId);
    return expireEach(due, SWEEP_CONCURRENCY, (approval) => this.expireOne(approval, nowMs));
  }

  /** The same sweep, answered by how many approvals it expired. */
  async expireDue(nowMs: number = this.nowMs(), tenantId?: string): Promise<number> {
    return (await this.sweepExpired(nowMs, tenantId)).expired;
  }
}
