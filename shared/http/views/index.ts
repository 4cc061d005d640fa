/**
 * Views: domain records rendered for the wire, at the edge. JSON today; CSV and SVG
 * renderings of the same records (reports, charts) join here.
 */
export { apiKeyView, issuedKeyView } from './access.js';
export { budgetView } from './budgets.js';
export { checkView, ledgerEntryView, reservationView, statusView, usageSummaryView, usageView } from './money.js';
export { alertView, approvalView } from './notices.js';
export { reconciliationView } from './reconciliation.js';
export { periodView } from './periods.js';
export { budgetForecastView, seriesForecastView } from './forecasts.js';
export { actualsView, costImportView } from './costs.js';
