import { ANY_ROLE, type RouteSpec } from '../route-spec.js';
import { Budget, BudgetPage, CreateBudgetBody, ListBudgetsQuery, PatchBudgetBody } from '../../schemas/budgets.js';
import {
  BudgetStatus, ChargeBody, CheckBody, CheckResult, CreateAdjustmentBody, CreateCorrectionBody, CreateReservationBody, CreateUsageBody, LedgerEntry, LedgerPage,
  LedgerQuery, ListReservationsQuery, ListUsageQuery, Reservation, ReservationPage, StatusQuery, Usage, UsagePage, UsageSummary, UsageSummaryQuery,
} from '../../schemas/money.js';
import { BudgetForecast, CreateForecastBody, ForecastQuery, SeriesForecast } from '../../schemas/forecasts.js';
import { ListPeriodsQuery, Period, PeriodPage } from '../../schemas/periods.js';
import { Alert, AlertPage, Approval, ApprovalPage, DecideApprovalBody, ListAlertsQuery, ListApprovalsQuery, ListBudgetAlertsQuery } from '../../schemas/notices.js';
import { Reconciliation, ReconciliationQuery } from '../../schemas/reconciliation.js';

/**
 * Budgets and their money: status, forecasts, periods, reservations, usage, adjustments,
 * corrections, the ledger, alerts and approvals. (Part of the one route table: routes.ts.)
 */
export const budgetRoutes = [
  {
    operationId: 'createBudget', method: 'POST', path: '/v1/budgets', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Create a budget.', body: CreateBudgetBody, idempotent: true,
    problems: ['not-found', 'budget-archived', 'conflict', 'currency-mismatch'],
    responses: { 201: { description: 'Created; `Location` names the budget.', schema: Budget } },
  },
  {
    operationId: 'listBudgets', method: 'GET', path: '/v1/budgets', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Budgets', summary: 'List budgets (default status=active), oldest first.', query: ListBudgetsQuery,
    problems: [],
    responses: { 200: { description: 'A page of budgets.', schema: BudgetPage } },
  },
  {
    operationId: 'getBudget', method: 'GET', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Budgets', summary: 'Get a budget.',
    problems: [],
    responses: { 200: { description: 'The budget; `ETag` carries its version.', schema: Budget } },
  },
  {
    operationId: 'patchBudget', method: 'PATCH', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Partially update a budget.', body: PatchBudgetBody, conditional: true,
    problems: ['budget-archived', 'conflict', 'currency-mismatch'],
    responses: { 200: { description: 'Updated.', schema: Budget } },
  },
  {
    operationId: 'archiveBudget', method: 'DELETE', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Archive a budget (it and its ledger stay readable).', conditional: true,
    problems: ['conflict'],
    responses: { 204: { description: 'Archived.' } },
  },
  {
    // On `budgets`, not `money`: a check reads the tenant's whole ledger for seconds, which must not hold the hot path's execution environments.
    operationId: 'getReconciliation', method: 'GET', path: '/v1/budgets/{id}/reconciliation', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Reconciliation',
    summary: 'Counters against the sums of the ledger for one period (default: the one containing now), checked live; answers the last recorded check when the live one cannot settle in time.',
    query: ReconciliationQuery,
    problems: ['conflict'],
    responses: { 200: { description: 'The check; `consistent` when drift is zero.', schema: Reconciliation } },
  },
  {
    operationId: 'getBudgetStatus', method: 'GET', path: '/v1/budgets/{id}/status', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Real-time status of the period containing `at` (default now); one read whatever the ledger size.', query: StatusQuery,
    problems: [],
    responses: { 200: { description: 'Status.', schema: BudgetStatus } },
  },
  {
    operationId: 'getBudgetForecast', method: 'GET', path: '/v1/budgets/{id}/forecast', functionName: 'forecasts', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Forecasts', summary: 'Projected spend at the end of the period containing `at` (default now), with calibrated intervals and the exhaustion date.',
    query: ForecastQuery,
    problems: [],
    responses: { 200: { description: 'The forecast.', schema: BudgetForecast } },
  },
  {
    operationId: 'createForecast', method: 'POST', path: '/v1/forecasts', functionName: 'forecasts', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Forecasts', summary: 'Forecast any daily or monthly series (planning from external history); no side effects.', body: CreateForecastBody,
    problems: [],
    responses: { 200: { description: 'The forecast, with a backtest score.', schema: SeriesForecast } },
  },
  {
    operationId: 'listPeriods', method: 'GET', path: '/v1/budgets/{id}/periods', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Periods', summary: 'The periods with any activity, newest first: open ones with live figures, closed ones as frozen at close.', query: ListPeriodsQuery,
    problems: [],
    responses: { 200: { description: 'A page of periods.', schema: PeriodPage } },
  },
  {
    operationId: 'getPeriod', method: 'GET', path: '/v1/budgets/{id}/periods/{key}', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Periods', summary: 'One period (`key` as in status: `2026-11`, `2026-W48`, `2026-11-24`, `2026-Q4`, `2026`, `lifetime`, `custom`).',
    problems: ['validation-error'],
    responses: { 200: { description: 'The period.', schema: Period } },
  },
  {
    operationId: 'closePeriod', method: 'POST', path: '/v1/budgets/{id}/periods/{key}/close', functionName: 'money', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Periods', summary: 'Close a period that has ended (and any earlier one still open), with its rollover; closing a closed period answers its record.',
    bodyOptional: true,
    problems: ['conflict'],
    responses: { 200: { description: 'The closed period.', schema: Period } },
  },
  {
    operationId: 'createReservation', method: 'POST', path: '/v1/budgets/{id}/reservations', functionName: 'money', auth: 'apiKey', roles: ['admin', 'writer'],
    tag: 'Money', summary: 'Hold an amount against the budget and every ancestor, atomically.', body: CreateReservationBody, idempotent: true,
    problems: ['budget-exceeded', 'budget-archived', 'conflict', 'currency-mismatch'],
    responses: {
      201: { description: 'Held (`overLimit` when it went over a soft budget, or over an approval budget by an automatically approved overrun).', schema: Reservation },
      202: { description: 'An approval budget lacks room: `status: pending_approval`, `approvalId` names the approval request.', schema: Reservation },
    },
  },
  {
    operationId: 'listReservations', method: 'GET', path: '/v1/budgets/{id}/reservations', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Reservations on a budget, oldest first.', query: ListReservationsQuery,
    problems: [],
    responses: { 200: { description: 'A page of reservations.', schema: ReservationPage } },
  },
  {
    operationId: 'getReservation', method: 'GET', path: '/v1/reservations/{rid}', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Get a reservation.',
    problems: [],
    responses: { 200: { description: 'The reservation.', schema: Reservation } },
  },
  {
    operationId: 'chargeReservation', method: 'POST', path: '/v1/reservations/{rid}/charge', functionName: 'money', auth: 'apiKey', roles: ['admin', 'writer'],
    tag: 'Money', summary: 'Charge what it really cost (default: the held amount); the rest is released, more must fit.',
    body: ChargeBody, bodyOptional: true, idempotent: true,
    problems: ['budget-exceeded', 'reservation-not-held', 'conflict', 'currency-mismatch'],
    responses: { 200: { description: 'Charged.', schema: Reservation } },
  },
  {
    operationId: 'releaseReservation', method: 'POST', path: '/v1/reservations/{rid}/release', functionName: 'money', auth: 'apiKey', roles: ['admin', 'writer'],
    tag: 'Money', summary: 'Release the hold.', idempotent: true,
    problems: ['reservation-not-held', 'conflict'],
    responses: { 200: { description: 'Released.', schema: Reservation } },
  },
  {
    operationId: 'createUsage', method: 'POST', path: '/v1/budgets/{id}/usage', functionName: 'money', auth: 'apiKey', roles: ['admin', 'writer'],
    tag: 'Money', summary: 'Record spend that already happened (never refused for the limit).', body: CreateUsageBody, idempotent: true,
    problems: ['budget-archived', 'conflict', 'currency-mismatch'],
    responses: { 201: { description: 'Recorded.', schema: Usage } },
  },
  {
    operationId: 'listUsage', method: 'GET', path: '/v1/budgets/{id}/usage', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Usage of a budget, newest first.', query: ListUsageQuery,
    problems: [],
    responses: { 200: { description: 'A page of usage.', schema: UsagePage } },
  },
  {
    operationId: 'getUsageSummary', method: 'GET', path: '/v1/budgets/{id}/usage/summary', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Usage totals grouped by category, provider, day or month; optionally with descendants and charges.', query: UsageSummaryQuery,
    problems: [],
    responses: { 200: { description: 'The summary.', schema: UsageSummary } },
  },
  {
    operationId: 'createAdjustment', method: 'POST', path: '/v1/budgets/{id}/adjustments', functionName: 'money', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Money', summary: 'Top up (or cut) the current period\'s limit of this budget only.', body: CreateAdjustmentBody, idempotent: true,
    problems: ['budget-archived', 'conflict', 'currency-mismatch'],
    responses: { 201: { description: 'The adjustment\'s ledger entry.', schema: LedgerEntry } },
  },
  {
    operationId: 'createCorrection', method: 'POST', path: '/v1/budgets/{id}/corrections', functionName: 'money', auth: 'apiKey', roles: ['admin'],
    tag: 'Money', summary: 'Correct spent in one period of a budget and its ancestors (signed; never refused for the limit).', body: CreateCorrectionBody,
    idempotent: true,
    problems: ['conflict'],
    responses: { 201: { description: 'The correction\'s ledger entry.', schema: LedgerEntry } },
  },
  {
    operationId: 'listLedger', method: 'GET', path: '/v1/budgets/{id}/ledger', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'The immutable ledger of a budget, oldest first.', query: LedgerQuery,
    problems: [],
    responses: { 200: { description: 'A page of entries.', schema: LedgerPage } },
  },
  {
    operationId: 'check', method: 'POST', path: '/v1/check', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Money', summary: 'Pre-flight: would this amount fit? No side effects.', body: CheckBody,
    problems: ['not-found', 'conflict', 'currency-mismatch'],
    responses: { 200: { description: 'The decision.', schema: CheckResult } },
  },
  {
    operationId: 'listAlerts', method: 'GET', path: '/v1/alerts', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Alerts', summary: 'Threshold alerts of the tenant, most recently triggered first.', query: ListAlertsQuery,
    problems: [],
    responses: { 200: { description: 'A page of alerts.', schema: AlertPage } },
  },
  {
    operationId: 'listBudgetAlerts', method: 'GET', path: '/v1/budgets/{id}/alerts', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Alerts', summary: 'Threshold alerts of one budget, most recently triggered first.', query: ListBudgetAlertsQuery,
    problems: [],
    responses: { 200: { description: 'A page of alerts.', schema: AlertPage } },
  },
  {
    operationId: 'acknowledgeAlert', method: 'POST', path: '/v1/alerts/{aid}/acknowledge', functionName: 'money', auth: 'apiKey',
    roles: ['admin', 'manager', 'writer', 'approver'],
    tag: 'Alerts', summary: 'Acknowledge an active alert (repeating it keeps the first acknowledgement).',
    problems: ['conflict'],
    responses: { 200: { description: 'Acknowledged.', schema: Alert } },
  },
  {
    operationId: 'listApprovals', method: 'GET', path: '/v1/approvals', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Approvals', summary: 'Approval requests of the tenant, oldest first.', query: ListApprovalsQuery,
    problems: [],
    responses: { 200: { description: 'A page of approvals.', schema: ApprovalPage } },
  },
  {
    operationId: 'getApproval', method: 'GET', path: '/v1/approvals/{id}', functionName: 'money', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Approvals', summary: 'Get an approval request.',
    problems: [],
    responses: { 200: { description: 'The approval.', schema: Approval } },
  },
  {
    operationId: 'approveApproval', method: 'POST', path: '/v1/approvals/{id}/approve', functionName: 'money', auth: 'apiKey', roles: ['approver', 'admin'],
    tag: 'Approvals', summary: 'Approve: the reservation becomes held, counted as an approved overrun.',
    body: DecideApprovalBody, bodyOptional: true, idempotent: true,
    problems: ['budget-exceeded', 'budget-archived', 'conflict'],
    responses: { 200: { description: 'Approved.', schema: Approval } },
  },
  {
    operationId: 'denyApproval', method: 'POST', path: '/v1/approvals/{id}/deny', functionName: 'money', auth: 'apiKey', roles: ['approver', 'admin'],
    tag: 'Approvals', summary: 'Deny: the reservation becomes denied; nothing was held.',
    body: DecideApprovalBody, bodyOptional: true, idempotent: true,
    problems: ['conflict'],
    responses: { 200: { description: 'Denied.', schema: Approval } },
  },
] as const satisfies readonly RouteSpec[];
