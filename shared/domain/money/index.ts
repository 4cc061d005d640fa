/**
 * Money: reservations (hold → charge or release, expiry), approvals of overruns, usage,
 * adjustments, the ledger, status and the pre-flight check.
 */
export { ApprovalService, type ApprovalServiceDeps, type Decider } from './approval-decisions.js';
export {
  APPROVAL_LEVELS, APPROVAL_STATUSES, AUTOMATIC_APPROVER, EXPIRY_ACTOR, approvalLevel, approvalRequestSeverity,
  type ApprovalLevel, type ApprovalQuery, type ApprovalRecord, type ApprovalStatus, type DecisionRequest,
} from './approvals.js';
export type { MoneyDeps } from './context.js';
export type { Actor, Respond } from './movement.js';
export type {
  ApprovalListFilter, ApprovalStore, ClosingSchedule, CounterBasis, CounterMove, MoneyStore, MovementOutcome, MovementWrite, PeriodCloseWrite,
} from './ports.js';
export { LIMIT_EXCEEDED_QUIET_MS, type LimitExceededNotice } from './limit-exceeded.js';
export { CHECK_ACTIONS, type CheckAction, type CheckOutcome } from './reads.js';
export type { UsageSummary } from './usage-summary.js';
export {
  DEFAULT_HOLD_TTL_SECONDS, LEDGER_ENTRY_TYPES, counterKeyOf, MAX_HOLD_TTL_SECONDS, MAX_USAGE_CLOCK_SKEW_MS, RESERVATION_STATUSES,
  type ChainPeriod, type CounterClose, type CounterRecord, type LedgerEntryRecord, type LedgerEntryType, type ReservationRecord, type ReservationStatus, type UsageRecord, type ActualDayRecord,
} from './records.js';
export {
  USAGE_GROUPINGS, type AdjustmentRequest, type ChargeRequest, type CheckRequest, type CorrectionRequest, type LedgerQuery, type ReservationQuery, type ReserveRequest,
  type UsageQuery, type UsageRequest, type UsageSummaryQuery,
} from './requests.js';
export { CLOSE_JOB_ACTOR, firstClosing, rolloverMicros, type CloseRun } from './closing.js';
export { PERIOD_STATES, type PeriodRecord, type PeriodState } from './periods.js';
export { MoneyService } from './service.js';
export { BUDGET_STATES, statusFigures, type BudgetState, type BudgetStatusFigures } from './status.js';
export type { ExpiryFailure, ExpirySweep } from './sweep.js';
export { actualInstantMs, type ActualDayOutcome, type ActualDayRequest } from './actuals.js';
