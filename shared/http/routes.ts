// Longer than 300 lines because it is the one route table: every operation, its roles and its problems in one place.
import type { RouteSpec } from './route-spec.js';
import {
  ApiKeyPage, ApiKeyWithSecret, CreateApiKeyBody, CreateTenantBody, Health, ListApiKeysQuery, ListTenantsQuery, RotateApiKeyBody, Tenant, TenantPage,
} from '../schemas/access.js';
import { Budget, BudgetPage, CreateBudgetBody, ListBudgetsQuery, PatchBudgetBody } from '../schemas/budgets.js';
import {
  BudgetStatus, ChargeBody, CheckBody, CheckResult, CreateAdjustmentBody, CreateCorrectionBody, CreateReservationBody, CreateUsageBody, LedgerEntry, LedgerPage,
  LedgerQuery, ListReservationsQuery, ListUsageQuery, Reservation, ReservationPage, StatusQuery, Usage, UsagePage, UsageSummary, UsageSummaryQuery,
} from '../schemas/money.js';
import { BudgetForecast, CreateForecastBody, ForecastQuery, SeriesForecast } from '../schemas/forecasts.js';
import { ListPeriodsQuery, Period, PeriodPage } from '../schemas/periods.js';
import { Alert, AlertPage, Approval, ApprovalPage, DecideApprovalBody, ListAlertsQuery, ListApprovalsQuery, ListBudgetAlertsQuery } from '../schemas/notices.js';
import { Reconciliation, ReconciliationQuery } from '../schemas/reconciliation.js';
import { BudgetReport, ChartQuery, ReportQuery, Rollup, RollupQuery, Trend, TrendQuery } from '../schemas/reports.js';
import { AppliedTemplate, ApplyTemplateBody, TemplateList } from '../schemas/templates.js';
import { AuditPage, AuditQuery } from '../schemas/audit.js';
import { EraseBody, ErasureResult, ExportBody, PrivacyExport } from '../schemas/privacy.js';
import { PutSlackIntegrationBody, SlackIntegration } from '../schemas/integrations.js';
import { ActualsPage, ActualsQuery, CostImportResult, FOCUS_IMPORT_MAX_BYTES } from '../schemas/costs.js';

/**
 * The one route table. API Gateway resources and methods (infra/), the local HTTP
 * server (local/), request parsing and role checks (shared/http/api-handler.ts), the
 * problems each operation may answer and the OpenAPI document (scripts/openapi.ts) are
 * all derived from it; the questions asked of it are in route-queries.ts.
 */

const ANY_ROLE = 'any' as const;

/** Slack's interaction payloads carry the whole message clicked on: well under API Gateway's limit, above our JSON bodies'. */
const SLACK_ACTION_MAX_BYTES = 1024 * 1024;

export const routes = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'Liveness: 200 once the service can serve.',
    problems: [],
    responses: { 200: { description: 'The service can serve.', schema: Health } },
  },
  {
    operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'This OpenAPI 3.1 document.',
    problems: [],
    responses: { 200: { description: 'The OpenAPI document.' } },
  },
  {
    operationId: 'createTenant', method: 'POST', path: '/v1/tenants', functionName: 'tenants', auth: 'apiKey', roles: ['platform'],
    tag: 'Tenants', summary: 'Create a tenant and its first admin key (role platform).', body: CreateTenantBody,
    problems: ['conflict'],
    responses: { 201: { description: 'Created; the admin key secret is shown only here.', schema: Tenant } },
  },
  {
    operationId: 'listTenants', method: 'GET', path: '/v1/tenants', functionName: 'tenants', auth: 'apiKey', roles: ['platform'],
    tag: 'Tenants', summary: 'List every tenant, by id (role platform).', query: ListTenantsQuery,
    problems: [],
    responses: { 200: { description: 'A page of tenants.', schema: TenantPage } },
  },
  {
    operationId: 'listAudit', method: 'GET', path: '/v1/audit', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Audit', summary: 'The tenant\'s audit trail, newest first (role admin).', query: AuditQuery,
    problems: [],
    responses: { 200: { description: 'A page of audit entries.', schema: AuditPage } },
  },
  {
    operationId: 'exportPrivacy', method: 'POST', path: '/v1/privacy/export', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Privacy', summary: 'Everything recorded under a scope, as one JSON document (role admin).', body: ExportBody,
    problems: [],
    responses: { 200: { description: 'The scope\'s budgets and their records.', schema: PrivacyExport } },
  },
  {
    operationId: 'erasePrivacy', method: 'POST', path: '/v1/privacy/erase', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Privacy', summary: 'Erase the free text of a scope\'s budgets and records, keeping every amount (role admin; idempotent, audited).', body: EraseBody,
    problems: ['conflict'],
    responses: { 200: { description: 'What this request erased.', schema: ErasureResult } },
  },
  {
    operationId: 'createApiKey', method: 'POST', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Create an API key; its secret is shown only in this response.', body: CreateApiKeyBody,
    problems: [],
    responses: { 201: { description: 'Created.', schema: ApiKeyWithSecret } },
  },
  {
    operationId: 'listApiKeys', method: 'GET', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'List the active API keys of the tenant, without secrets.', query: ListApiKeysQuery,
    problems: [],
    responses: { 200: { description: 'A page of keys.', schema: ApiKeyPage } },
  },
  {
    operationId: 'revokeApiKey', method: 'DELETE', path: '/v1/api-keys/{id}', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Revoke an API key.',
    problems: [],
    responses: { 204: { description: 'Revoked.' } },
  },
  {
    operationId: 'rotateApiKey', method: 'POST', path: '/v1/api-keys/{id}/rotate', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'A new secret for the key; the replaced one works for `graceSeconds` more.', body: RotateApiKeyBody, bodyOptional: true,
    problems: ['conflict'],
    responses: { 201: { description: 'The new secret, shown only here.', schema: ApiKeyWithSecret } },
  },
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
  {
    operationId: 'createCostImport', method: 'POST', path: '/v1/cost-imports', functionName: 'costs', auth: 'apiKey', roles: ['admin'],
    tag: 'Cost actuals', summary: 'Import a FOCUS 1.0 CSV export (text/csv, up to 10 MiB): rows summed per (budget, day) for the `focus` budgets they match; only changed days are recorded.',
    csvBody: { maxBytes: FOCUS_IMPORT_MAX_BYTES },
    problems: [],
    responses: { 200: { description: 'What the file held and what it changed.', schema: CostImportResult } },
  },
  {
    operationId: 'listBudgetActuals', method: 'GET', path: '/v1/budgets/{id}/actuals', functionName: 'costs', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Cost actuals', summary: 'The provider\'s actual cost per day as last imported, with its revision.', query: ActualsQuery,
    problems: [],
    responses: { 200: { description: 'The imported days, oldest first.', schema: ActualsPage } },
  },
  {
    operationId: 'getBudgetReport', method: 'GET', path: '/v1/budgets/{id}/report', functionName: 'reports', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Reports', summary: 'The report of the period containing `at` (default now): figures, variance, categories, providers, children, daily spend, alerts, forecast. JSON, or CSV (one row per category) with `?format=csv` or `Accept: text/csv`.',
    query: ReportQuery,
    problems: [],
    responses: { 200: { description: 'The report (or its CSV).', schema: BudgetReport } },
  },
  {
    operationId: 'getTenantRollup', method: 'GET', path: '/v1/reports/budgets', functionName: 'reports', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Reports', summary: 'One row per active budget, parents before children, each for its period containing `at`: from counters, never ledgers. JSON or CSV.',
    query: RollupQuery,
    problems: ['not-found'],
    responses: { 200: { description: 'The roll-up (or its CSV).', schema: Rollup } },
  },
  {
    operationId: 'getBudgetTrend', method: 'GET', path: '/v1/budgets/{id}/trend', functionName: 'reports', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Reports', summary: 'The last `periods` (1-36, default 12) periods up to the one containing `at`, oldest first, from period records. JSON or CSV.',
    query: TrendQuery,
    problems: [],
    responses: { 200: { description: 'The trend (or its CSV).', schema: Trend } },
  },
  {
    operationId: 'getBudgetChart', method: 'GET', path: '/v1/budgets/{id}/chart', functionName: 'reports', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Reports', summary: 'Burn-up chart (image/svg+xml, 600×300) of the period containing `at`: cumulative spend, limit, p50 forecast with its 80 % and 95 % cone, thresholds, today.',
    query: ChartQuery,
    problems: [],
    responses: { 200: { description: 'The SVG, with a <title> and a <desc> stating its figures.' } },
  },
  {
    operationId: 'listTemplates', method: 'GET', path: '/v1/templates', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Templates', summary: 'The built-in budget templates: wedding, ai-platform, cloud-finops.',
    problems: [],
    responses: { 200: { description: 'The templates.', schema: TemplateList } },
  },
  {
    operationId: 'applyTemplate', method: 'POST', path: '/v1/templates/{id}/apply', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Templates', summary: 'Create every budget of a template at once (all or nothing); category and child limits are shares of `limit` in whole minor units that add up to it exactly.',
    body: ApplyTemplateBody, idempotent: true,
    problems: ['budget-archived', 'conflict', 'currency-mismatch'],
    responses: { 201: { description: 'Created, parents before children.', schema: AppliedTemplate } },
  },
  {
    operationId: 'putSlackIntegration', method: 'PUT', path: '/v1/integrations/slack', functionName: 'integrations', auth: 'apiKey', roles: ['admin'],
    tag: 'Slack approvals', summary: 'Link a Slack workspace to the tenant, with the Slack users who may approve or deny from Slack and up to which level (replaces any earlier link).',
    body: PutSlackIntegrationBody,
    problems: ['conflict'],
    responses: { 200: { description: 'The link as it now stands.', schema: SlackIntegration } },
  },
  {
    operationId: 'getSlackIntegration', method: 'GET', path: '/v1/integrations/slack', functionName: 'integrations', auth: 'apiKey', roles: ['admin'],
    tag: 'Slack approvals', summary: 'The tenant\'s Slack link (role admin).',
    problems: ['not-found'],
    responses: { 200: { description: 'The link.', schema: SlackIntegration } },
  },
  {
    // No API key: Slack signs the request (X-Slack-Signature), checked over the raw body before anything is read.
    operationId: 'postSlackAction', method: 'POST', path: '/v1/integrations/slack/actions', functionName: 'integrations', auth: 'none', roles: ANY_ROLE,
    tag: 'Slack approvals', summary: 'Slack\'s interaction callback (Approve/Deny clicks), signed by Slack; the reply goes to the click\'s `response_url`.',
    signedFormBody: { maxBytes: SLACK_ACTION_MAX_BYTES },
    problems: [],
    responses: { 200: { description: 'Acknowledged; the message was replaced by the outcome, or the user told why nothing changed.' } },
  },
  {
    operationId: 'getConsole', method: 'GET', path: '/', functionName: 'console', auth: 'none', roles: ANY_ROLE,
    tag: 'Console', summary: 'The web console: a page that uses this API with the key its user pastes (kept in session storage).',
    problems: [],
    responses: { 200: { description: 'The console\'s HTML page.' }, 301: { description: 'To the same path with a trailing slash, so the page\'s relative links resolve under the stage.' } },
  },
  {
    operationId: 'getConsoleAsset', method: 'GET', path: '/console/{asset}', functionName: 'console', auth: 'none', roles: ANY_ROLE,
    tag: 'Console', summary: 'The console\'s script and style sheet.',
    problems: [],
    responses: { 200: { description: 'The file.' } },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];
