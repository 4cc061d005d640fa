import type { AuditContext } from '../audit/audit.js';
import type { StoredResponse } from '../common/ports.js';
import { moneyContext, type MoneyContext, type MoneyDeps } from './context.js';
import { closeDuePeriods, type CloseRun } from './closing.js';
import { charge, getReservation, release, sweepExpiredHolds } from './holds.js';
import type { Actor, Respond } from './movement.js';
import { check, ledger, listReservations, usage } from './reads.js';
import { usageSummary } from './usage-summary.js';
import type { LedgerEntryRecord, ReservationRecord, UsageRecord } from './records.js';
import type { AdjustmentRequest, ChargeRequest, CheckRequest, CorrectionRequest, LedgerQuery, ReservationQuery, ReserveRequest, UsageQuery, UsageRequest, UsageSummaryQuery } from './requests.js';
import { closePeriodByHand, getPeriod, listPeriods } from './periods.js';
import { reserve } from './reserve.js';
import { status } from './status.js';
import type { ExpirySweep } from './sweep.js';
import { correct } from './corrections.js';
import { recordActualDay, type ActualDayOutcome, type ActualDayRequest } from './actuals.js';
import { adjust, recordUsage } from './usage.js';

/**
 * The money area's operations: reservations (hold → charge or release, expiry), usage,
 * adjustments, and the reads. Every movement is one atomic write that moves the counters
 * of the budget and each ancestor, appends its ledger entries and records the idempotency
 * key: a hard budget is never oversold, and the ledger always explains the counters.
 * Each operation lives in its own module; this class only binds them to one context.
 */
export class MoneyService {
  private readonly ctx: MoneyContext;

  constructor(deps: MoneyDeps) {
    this.ctx = moneyContext(deps);
  }

  reserve(actor: Actor, budgetId: string, request: ReserveRequest, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    return reserve(this.ctx, actor, budgetId, request, options);
  }

  charge(actor: Actor, reservationId: string, request: ChargeRequest, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    return charge(this.ctx, actor, reservationId, request, options);
  }

  release(actor: Actor, reservationId: string, options: Respond<ReservationRecord>): Promise<StoredResponse> {
    return release(this.ctx, actor, reservationId, options);
  }

  /** The sweeper's job (EventBridge Scheduler every minute): how many holds it expired, and which failed (left for the next run). */
  sweepExpired(nowMs?: number, tenantId?: string): Promise<ExpirySweep> {
    return sweepExpiredHolds(this.ctx, nowMs, tenantId);
  }

  /** The same sweep, answered by how many holds it expired. */
  async expireDue(nowMs?: number, tenantId?: string): Promise<number> {
    return (await sweepExpiredHolds(this.ctx, nowMs, tenantId)).expired;
  }

  recordUsage(actor: Actor, budgetId: string, request: UsageRequest, options: Respond<UsageRecord>): Promise<StoredResponse> {
    return recordUsage(this.ctx, actor, budgetId, request, options);
  }

  adjust(actor: Actor, budgetId: string, request: AdjustmentRequest, options: Respond<LedgerEntryRecord>): Promise<StoredResponse> {
    return adjust(this.ctx, actor, budgetId, request, options);
  }

  /** A signed change of `spent` in one period of a budget and its ancestors (admin): never refused for the limit. */
  correct(actor: Actor, budgetId: string, request: CorrectionRequest, audit: AuditContext, options: Respond<LedgerEntryRecord>): Promise<StoredResponse> {
    return correct(this.ctx, actor, budgetId, request, audit, options);
  }

  /** An imported provider day (cost actuals): only its difference from the last import is recorded. */
  recordActualDay(actor: Actor, budgetId: string, request: ActualDayRequest): Promise<ActualDayOutcome> {
    return recordActualDay(this.ctx, actor, budgetId, request);
  }


  getReservation(tenantId: string, reservationId: string) {
    return getReservation(this.ctx, tenantId, reservationId);
  }

  listReservations(tenantId: string, budgetId: string, query: ReservationQuery) {
    return listReservations(this.ctx, tenantId, budgetId, query);
  }

  status(tenantId: string, budgetId: string, atMs?: number) {
    return status(this.ctx, tenantId, budgetId, atMs);
  }

  ledger(tenantId: string, budgetId: string, query: LedgerQuery) {
    return ledger(this.ctx, tenantId, budgetId, query);
  }

  usage(tenantId: string, budgetId: string, query: UsageQuery) {
    return usage(this.ctx, tenantId, budgetId, query);
  }

  usageSummary(tenantId: string, budgetId: string, query: UsageSummaryQuery) {
    return usageSummary(this.ctx, tenantId, budgetId, query);
  }

  check(tenantId: string, request: CheckRequest) {
    return check(this.ctx, tenantId, request);
  }

  periods(tenantId: string, budgetId: string, limit?: number, cursor?: string) {
    return listPeriods(this.ctx, tenantId, budgetId, limit, cursor);
  }

  period(tenantId: string, budgetId: string, key: string) {
    return getPeriod(this.ctx, tenantId, budgetId, key);
  }

  /** Closes a period (and any earlier one still open) by hand; each close it makes is audited. */
  closePeriod(actor: Actor, budgetId: string, key: string, audit: AuditContext) {
    return closePeriodByHand(this.ctx, actor.tenantId, budgetId, key, actor.keyId, audit);
  }

  /** The close job (EventBridge Scheduler): closes every period that has ended, until done or `deadlineMs`. */
  closeDuePeriods(nowMs: number = this.ctx.nowMs(), deadlineMs?: number): Promise<CloseRun> {
    return closeDuePeriods(this.ctx, nowMs, deadlineMs);
  }
}
