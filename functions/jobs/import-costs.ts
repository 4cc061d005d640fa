import type { Context } from 'aws-lambda';
import { costsFromEnv } from '../../shared/app/costs.js';
import { workQueueFor } from '../../shared/app/work-queues.js';
import { FUNCTION_CATALOG } from '../catalog.js';
import type { CostImportDispatchRun, TenantImportMessage } from '../../shared/domain/costs/import-job.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

/**
 * The Cost Explorer import's schedule (EventBridge Scheduler, every 8 hours): queues each
 * tenant whose budgets have an `aws-cost-explorer` source; the `importTenantCosts` worker
 * imports each (shared/domain/costs). Under `npm start` it runs only when AWS credentials
 * are configured: locally, actuals arrive as FOCUS files.
 */
type DispatchResult = CostImportDispatchRun | { skipped: string };

export function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DispatchResult> {
  // A tenant that cannot be queued fails the run (a throw): no item fails on its own here.
  return measureJob({ job: 'importCosts', tally: (result) => ({ items: 'queued' in result ? result.queued : 0, failures: 0 }) }, context, () => dispatch(context));
}

async function dispatch(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DispatchResult> {
  if (process.env.DYNAMODB_ENDPOINT && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) return { skipped: 'no AWS credentials for Cost Explorer' };
  const queue = workQueueFor<TenantImportMessage>(FUNCTION_CATALOG.importCosts.job.feeds);
  const run = await costsFromEnv().importDispatch(queue).run(() => context.getRemainingTimeInMillis());
  logger.info('cost import dispatched', { ...run });
  return run;
}
