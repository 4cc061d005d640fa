/** Budgets: the hierarchy (same tenant and currency, at most 8 levels, no cycles), limits, periods, archiving. */
export {
  BUDGET_STATUSES, DEFAULT_APPROVAL_TTL_SECONDS, DEFAULT_FORECAST_THRESHOLDS, DEFAULT_THRESHOLDS, ENFORCEMENT_MODES, MAX_APPROVAL_TTL_SECONDS, MAX_HIERARCHY_DEPTH,
  MIN_APPROVAL_TTL_SECONDS, SCOPE_TYPES, depthOf,
  type BudgetDraft, type BudgetPatch, type BudgetQuery, type BudgetRecord, type BudgetStatus, type EnforcementMode, type ScopeType,
} from './budget.js';
export type { BudgetListFilter, BudgetMove, BudgetStore, CounterStamp } from './ports.js';
export { BudgetService, MAX_DESCENDANTS_PER_MOVE, type BudgetServiceDeps } from './service.js';
