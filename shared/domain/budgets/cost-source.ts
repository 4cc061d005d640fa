/**
 * A budget's `costSource` (API.md "Cost actuals"): where its actual provider spend comes from and what it is for (API.md "Cost
 * actuals"): Cost Explorer (AWS, by the import job) or FOCUS 1.0 exports (posted as CSV);
 * `track` makes the actuals the budget's spend, `compare` keeps them beside it.
 */

export const COST_PROVIDERS = ['aws-cost-explorer', 'focus'] as const;
export type CostProvider = (typeof COST_PROVIDERS)[number];
export const COST_METRICS = ['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost', 'BlendedCost'] as const;
export type CostMetric = (typeof COST_METRICS)[number];
export const COST_MODES = ['track', 'compare'] as const;
export type CostMode = (typeof COST_MODES)[number];
export const DEFAULT_COST_METRIC: CostMetric = 'UnblendedCost';
export const DEFAULT_TOLERANCE_PERCENT = 5;

/**
 * Which costs are the budget's: every dimension given must match (AND), any value within one
 * may (OR). At least one dimension is given, and none is empty.
 */
export interface CostFilter {
  services?: string[];
  accounts?: string[];
  regions?: string[];
  /** Tag key → accepted values. */
  tags?: Record<string, string[]>;
}

export interface CostSource {
  provider: CostProvider;
  /** Cost Explorer's metric; FOCUS rows always use `BilledCost`. */
  metric: CostMetric;
  filter: CostFilter;
  mode: CostMode;
  /** `compare`: how far actuals may differ from recorded spend, in percent of it, before `budget.variance_detected`. */
  tolerancePercent: number;
}
