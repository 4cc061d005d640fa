import { reportingFromEnv } from '../../shared/app/reports.js';
import { createApiHandler, type ApiResponse } from '../../shared/http/api-handler.js';
import { CSV_CONTENT_TYPE, csvDisposition, csvOf, type CsvColumn } from '../../shared/http/csv.js';
import { reportFormat } from '../../shared/http/negotiation.js';
import { refuseOversized } from '../../shared/http/response-size.js';
import {
  BUDGET_REPORT_CSV, ROLLUP_CSV, TREND_CSV, budgetReportCsvRows, budgetReportView, burnUpOf, renderBurnUpSvg, rollupView, trendView,
} from '../../shared/http/views/index.js';

/**
 * CSV with its download headers. API Gateway's proxy integration answers with one body, so
 * the rows are streamed into that text rather than to the client; the view never holds them twice.
 */
async function csvResponse<Row>(name: string, columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): Promise<ApiResponse> {
  return { status: 200, text: await csvOf(columns, rows), headers: { 'Content-Type': CSV_CONTENT_TYPE, 'Content-Disposition': csvDisposition(name), ...VARY } };
}

/** The answer depends on `Accept`: a cache in front must not serve the CSV to a JSON client. */
const VARY = { Vary: 'Accept' };

export const handler = createApiHandler('reports', {
  getBudgetReport: async (request) => {
    const report = budgetReportView(await reportingFromEnv().report(request.caller.tenantId, request.pathParameters.id ?? '', request.query.at));
    if (reportFormat(request.query.format, request.accept) === 'json') return { status: 200, body: report, headers: VARY };
    return csvResponse(`report-${report.budget.name}-${report.period.key}`, BUDGET_REPORT_CSV, budgetReportCsvRows(report));
  },
  getTenantRollup: async (request) => {
    const reporting = reportingFromEnv();
    const rollup = rollupView(await reporting.rollup(request.caller.tenantId, { atMs: request.query.at, scopeType: request.query.scopeType, parentId: request.query.parentId }), reporting.nowMs());
    const response: ApiResponse = reportFormat(request.query.format, request.accept) === 'json'
      ? { status: 200, body: rollup, headers: VARY }
      : await csvResponse('budgets-rollup', ROLLUP_CSV, rollup.items);
    return refuseOversized(response, `the roll-up of ${rollup.items.length} budgets`, 'narrow it with scopeType or parentId');
  },
  getBudgetTrend: async (request) => {
    const budgetId = request.pathParameters.id ?? '';
    const trend = trendView(await reportingFromEnv().trend(request.caller.tenantId, budgetId, { periods: request.query.periods, atMs: request.query.at }));
    if (reportFormat(request.query.format, request.accept) === 'json') return { status: 200, body: trend, headers: VARY };
    return csvResponse(`trend-${budgetId}`, TREND_CSV, trend);
  },
  getBudgetChart: async (request) => {
    const report = await reportingFromEnv().report(request.caller.tenantId, request.pathParameters.id ?? '', request.query.at);
    return { status: 200, text: renderBurnUpSvg(burnUpOf(report)), headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } };
  },
});
