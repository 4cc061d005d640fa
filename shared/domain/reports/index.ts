export { BudgetReporter, UNSPECIFIED, type BudgetReport, type BudgetReportDeps, type CategoryLine } from './budget-report.js';
export { tenantRollup, type RollupDeps, type RollupQuery, type RollupRow } from './rollup.js';
export { budgetTrend, TREND_PERIODS_DEFAULT, TREND_PERIODS_MAX, type TrendDeps } from './trend.js';
export { BREAKDOWN_DIMENSIONS, type BreakdownEntry, type BreakdownMovement, type SpendBreakdownStore } from './spend-breakdown.js';
export { allocateLargestRemainder } from './allocation.js';
export { BUDGET_TEMPLATES, findTemplate, planTemplate, type BudgetTemplate, type PlannedBudget } from './templates.js';
export { addDays, localDate, percentOf, reportWindow, windowDates } from './figures.js';
export { templateTree, type TemplateApplication } from './apply-template.js';
