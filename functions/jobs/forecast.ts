import type { Context } from 'aws-lambda';
import { forecastingFromEnv } from '../../shared/app/forecasting.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

/** Failures logged per run in full (all are counted). */
const LOGGED_FAILURES = 20;

/**
 * The forecasting job (EventBridge Scheduler, hourly; a timer every minute under `npm start`):
 * forecasts every active budget with forecast thresholds and fires or resolves its `forecast`
 * alerts, which the stream consumer turns into notifications like `actual` ones. It stops
 * before the invocation's deadline and the next run resumes at its cursor
 * (shared/domain/forecasting/job.ts).
 */
export function handler(_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ForecastResult> {
  return measureJob({ job: 'forecast', tally: (result) => ({ items: result.forecast, failures: result.failed }) }, context, () => forecast(context));
}

interface ForecastResult { forecast: number; fired: number; resolved: number; failed: number; passComplete: boolean }

async function forecast(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ForecastResult> {
  const run = await forecastingFromEnv().forecastJob.run(() => context.getRemainingTimeInMillis());
  for (const failure of run.failures.slice(0, LOGGED_FAILURES)) logger.error('forecast failed', { budgetId: failure.budgetId, error: failure.error });
  const result = { forecast: run.forecast, fired: run.fired, resolved: run.resolved, failed: run.failed, passComplete: run.passComplete };
  logger.info('forecasts evaluated', result);
  return result;
}
