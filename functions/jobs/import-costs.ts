import type { Context } from 'aws-lambda';
import { costExplorerForRun } from '../../shared/app/cost-explorer.js';
import { costsFromEnv } from '../../shared/app/costs.js';
import { logger } from '../../shared/logger.js';

/** Failures logged per run in full (all are counted). */
const LOGGED_FAILURES = 20;
/** Cost Explorer bills each request, pages included. */
const USD_PER_REQUEST = 0.01;

/**
 * The Cost Explorer import (EventBridge Scheduler, every 8 hours): each tenant's
 * `aws-cost-explorer` budgets get their current and previous period's days, and only the
 * days that changed are recorded (shared/domain/costs). Under `npm start` it runs only
 * when AWS credentials are configured: locally, actuals arrive as FOCUS files.
 */
export async function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<Record<string, unknown>> {
  if (process.env.DYNAMODB_ENDPOINT && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) return { skipped: 'no AWS credentials for Cost Explorer' };
  const source = costExplorerForRun();
  const run = await costsFromEnv().importJob.run(() => context.getRemainingTimeInMillis(), source);
  for (const failure of run.failures.slice(0, LOGGED_FAILURES)) logger.error('cost import failed', { tenantId: failure.tenantId, error: failure.error });
  const result = {
    tenants: run.tenants, budgets: run.budgets, changedDays: run.changedDays, currencyMismatches: run.currencyMismatches, failed: run.failures.length,
    passComplete: run.passComplete, costExplorerRequests: source.usage.requests, costExplorerPages: source.usage.pages,
    costExplorerUsd: Math.round(source.usage.requests * USD_PER_REQUEST * 100) / 100,
  };
  logger.info('cost import run', result);
  return result;
}
