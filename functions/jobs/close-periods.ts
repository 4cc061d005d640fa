import type { Context } from 'aws-lambda';
import { createServices } from '../../shared/app/services.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

/** Stop taking new budgets this long before the Lambda's timeout: a close in flight finishes, the rest waits for the next run. */
const DEADLINE_MARGIN_MS = 15_000;
const LOGGED_FAILURES = 20;

/**
 * The close job (EventBridge Scheduler every 15 minutes; every minute under `npm start`):
 * closes every period that has ended, with its rollover, each budget's periods oldest first.
 * The work list is an index of closing schedules, and each close moves its budget's schedule
 * in the same write: a run that stops at its deadline (a tenant with 10,000 budgets), dies
 * half way or overlaps another leaves nothing half done, and the next run resumes from what
 * is still due.
 */
export function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ closed: number; failed: number; stoppedEarly: boolean }> {
  return measureJob({ job: 'closePeriods', tally: (result) => ({ items: result.closed, failures: result.failed }) }, context, () => closePeriods(context));
}

async function closePeriods(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ closed: number; failed: number; stoppedEarly: boolean }> {
  const services = createServices(tableContextFromEnv());
  const nowMs = Date.now();
  const deadlineMs = nowMs + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
  const run = await services.money.closeDuePeriods(nowMs, deadlineMs);
  for (const failure of run.failures.slice(0, LOGGED_FAILURES)) logger.error('period close failed', { budgetId: failure.id, error: failure.error });
  const result = { closed: run.closed, failed: run.failed, stoppedEarly: run.stoppedEarly };
  if (run.closed > 0 || run.failed > 0 || run.stoppedEarly) logger.info('periods closed', result);
  return result;
}
