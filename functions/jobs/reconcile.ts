import type { Context } from 'aws-lambda';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { createServices } from '../../shared/app/services.js';
import type { ReconciliationRun } from '../../shared/domain/reconciliation/index.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

/**
 * The reconciliation job (EventBridge Scheduler, daily; a timer every 5 minutes under
 * `npm start`): proves counters = Σ ledger for the current and previous period of every
 * active budget, records each check, and records each new drift as a finding, which the
 * stream consumer publishes as `reconciliation.drift_detected`. It stops before the
 * invocation's deadline and the next run resumes where it stopped (shared/domain/reconciliation/job.ts).
 */
export function handler(_event: unknown, context: Context): Promise<ReconciliationRun> {
  // A drift is the failure this job exists to find (counters the ledger does not explain): it is what JobFailures counts here.
  return measureJob({ job: 'reconcile', tally: (run) => ({ items: run.checked, failures: run.drifted }) }, context, () => reconcile(context));
}

async function reconcile(context: Context): Promise<ReconciliationRun> {
  const run = await createServices(tableContextFromEnv()).reconciliationJob.run(() => context.getRemainingTimeInMillis());
  // Drift is a defect, never an expected state: an error line, besides the event.
  if (run.drifted > 0) logger.error('reconciliation found drift', { ...run });
  else logger.info('reconciled', { ...run });
  return run;
}
