/**
 * The last forecast of each budget, kept by the forecasting job: what the tenant's roll-up
 * shows as projected spend and exhaustion date without fitting thousands of models on a request.
 */
export interface ForecastSummary {
  budgetId: string;
  /** The period the forecast projected: a roll-up row of another period shows none. */
  periodKey: string;
  projectedSpendMicros: bigint;
  /** Local date the p50 cumulative spend reaches the limit (null: not this period). */
  exhaustionDate: string | null;
  asOfMs: number;
}

export interface ForecastSummaryStore {
  /** Keeps the summary unless a later forecast of the budget is there already. */
  save(tenantId: string, summary: ForecastSummary): Promise<void>;
  /** Every budget's last summary in the tenant. */
  all(tenantId: string): Promise<ForecastSummary[]>;
}
