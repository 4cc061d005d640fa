/**
 * The names the service's telemetry is found by: the log and metric service name, the
 * metrics namespace and every metric with its unit and dimensions. The code that emits them
 * (shared/observability/metrics.ts) and the dashboard and alarms that read them
 * (infra/constructs/observability.ts) both take them from here, so a renamed metric cannot
 * leave an alarm watching nothing. No Powertools import: the CDK app reads this file.
 */

/** `POWERTOOLS_SERVICE_NAME` in AWS, the default elsewhere; the `service` dimension of every metric. */
export const SERVICE_NAME = 'budget-service';

/** `POWERTOOLS_METRICS_NAMESPACE` in AWS, the default elsewhere. */
export const METRICS_NAMESPACE = 'BudgetService';

/**
 * Every metric of the service. Dimensions stay low-cardinality (each value from a short,
 * fixed list): never a tenant, budget or reservation id, which would make a metric (billed
 * per dimension combination) of each.
 */
export const METRICS = {
  /** A reservation request's outcome (dimension `outcome`, one of {@link RESERVATION_OUTCOMES}). */
  reservations: { name: 'Reservations', unit: 'Count' },
  /** A money movement refused (dimensions `operation` and `reason`, the problem type slug). */
  refusals: { name: 'Refusals', unit: 'Count' },
  /** From the write that caused an event (its `occurredAt`) to its publication on the events topic. */
  alertDelayMs: { name: 'AlertDelay', unit: 'Milliseconds' },
  /** One job run (dimension `job`, the catalog's function name). */
  jobDurationMs: { name: 'JobDuration', unit: 'Milliseconds' },
  /** What one job run got through (budgets closed, holds expired, tenants queued…; dimension `job`). */
  jobItems: { name: 'JobItems', unit: 'Count' },
  /** Items one job run failed on and left to the next run (dimension `job`). */
  jobFailures: { name: 'JobFailures', unit: 'Count' },
  /** Cost Explorer pages answered, and requests sent (each billed $0.01), per import run. */
  costExplorerPages: { name: 'CostExplorerPages', unit: 'Count' },
  costExplorerRequests: { name: 'CostExplorerRequests', unit: 'Count' },
} as const;

export type MetricKey = keyof typeof METRICS;

/**
 * What became of a reservation request: held, waiting for approval, refused (a problem the
 * client is answered with; the reason is a `Refusals` datum) or failed (a 500).
 */
export const RESERVATION_OUTCOMES = ['held', 'pending_approval', 'refused', 'failed'] as const;
export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/** The dimension names beside `service`. */
export const DIMENSIONS = { outcome: 'outcome', operation: 'operation', reason: 'reason', job: 'job' } as const;
