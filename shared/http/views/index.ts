/** Views: domain records rendered for the wire, at the edge: JSON, and CSV columns and SVG charts of the same records. */
export { apiKeyView, issuedKeyView, tenantView } from './access.js';
export { budgetView } from './budgets.js';
export { checkView, ledgerEntryView, reservationView, statusView, usageSummaryView, usageView } from './money.js';
export { alertView, approvalView } from './notices.js';
export { reconciliationView } from './reconciliation.js';
export { periodView } from './periods.js';
export { budgetForecastView, seriesForecastView } from './forecasts.js';
export { actualsView, costImportView } from './costs.js';
export { BUDGET_REPORT_CSV, ROLLUP_CSV, TREND_CSV, budgetReportCsvRows, budgetReportView, rollupView, trendView } from './reports.js';
export { burnUpOf } from './burn-up.js';
export { renderBurnUpSvg } from './chart.js';
export { templateView } from './templates.js';
export { auditEntryView } from './audit.js';
export { privacyExportView } from './privacy.js';
export { slackIntegrationView } from './integrations.js';
