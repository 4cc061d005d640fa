import { ANY_ROLE, type RouteSpec } from '../route-spec.js';
import { BudgetReport, ChartQuery, ReportQuery, Rollup, RollupQuery, Trend, TrendQuery } from '../../schemas/reports.js';
import { AppliedTemplate, ApplyTemplateBody, TemplateList } from '../../schemas/templates.js';
import { ActualsPage, ActualsQuery, CostImportResult, FOCUS_IMPORT_MAX_BYTES } from '../../schemas/costs.js';

/** What finance reads and brings: cost actuals, reports, trends, charts and templates. (Part of the one route table: routes.ts.) */
export const reportingRoutes = [
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
] as const satisfies readonly RouteSpec[];
