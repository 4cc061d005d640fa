import type { Context } from 'aws-lambda';
import { functionsOfKind, type FunctionNameOfKind } from '../functions/catalog.js';
import { logger } from '../shared/logger.js';
import { lambdaContext, loadHandler } from './functions.js';

/** Scheduler's payload carries nothing a job reads: a job finds its work in the table. */
type JobHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * The scheduled jobs of AWS (every `job` of functions/catalog.ts), as timers that run the
 * same handlers every `localIntervalSeconds`. Handlers are loaded before the first tick, so a
 * job that cannot load stops `npm start` rather than failing on every tick.
 */
export async function startJobs(): Promise<{ stop(): void }> {
  const jobs = await Promise.all(functionsOfKind('job').map(async ([name, { job }]) =>
    ({ name, intervalMs: job.localIntervalSeconds * 1000, handler: await loadHandler<JobHandler>(name) })));
  const timers = jobs.map(({ name, intervalMs, handler }) => {
    const timer = setInterval(tick(name, handler), intervalMs);
    timer.unref();
    return timer;
  });
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
}

/** One run per tick, skipped while the previous run is still going: an overlapping run of an idempotent job only adds load. */
function tick(name: FunctionNameOfKind<'job'>, handler: JobHandler): () => Promise<void> {
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    try {
      await handler({}, lambdaContext(name));
    } catch (error) {
      logger.error('scheduled job failed', { job: name, error });
    } finally {
      running = false;
    }
  };
}
