/**
 * What the cost imports work with: the budget's `costSource` (declared with the budget) and
 * the provider port Cost Explorer implements.
 */
export {
  COST_METRICS, COST_MODES, COST_PROVIDERS, DEFAULT_COST_METRIC, DEFAULT_TOLERANCE_PERCENT,
  type CostFilter, type CostMetric, type CostMode, type CostProvider, type CostSource,
} from '../budgets/cost-source.js';
import type { CostFilter, CostMetric } from '../budgets/cost-source.js';

/** One day of a provider's actual cost, as the provider states it. */
export interface DailyActual {
  /** `YYYY-MM-DD`, the provider's day (UTC for Cost Explorer and FOCUS charge periods). */
  date: string;
  amountMicros: bigint;
  /** ISO 4217 code the provider billed in (Cost Explorer's `Unit`, FOCUS `BillingCurrency`). */
  currency: string;
}

/** A provider of daily actuals by filter (Cost Explorer): the days from `fromDate` up to, not including, `toDate`. */
export interface DailyActualsSource {
  dailyActuals(query: { filter: CostFilter; metric: CostMetric; fromDate: string; toDate: string }): Promise<DailyActual[]>;
}
