import type { Context } from 'aws-lambda';
import { functionsOfKind, type FunctionNameOfKind } from '../functions/catalog.js';
import { logger } from '../shared/observability/logger.js';
import { lambdaContext, loadHandler } from './functions.js';

/** Scheduler's payload carries nothing a job reads: a job finds its work in the table. */
type JobHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * The scheduled jobs of AWS (every `job` of functions/catalog.ts), as timers that run the
 * same handlers every `localIntervalSeconds`. Handlers are loaded before the first tick, so a
 * job that cannot load stops `npm start` rather than failing on every tick.
 */
export async function startJobs(): Promise<{ stop(): Promise<void> }> {
  const jobs = await Promise.all(functionsOfKind('job').map(async ([name, { job }]) =>
    ({ name, intervalMs: job.localIntervalSeconds * 1000, handler: await loadHandler<JobHandler>(name) })));
  const runs = jobs.map(({ name, intervalMs, handler }) => {
    const run = new JobRun(name, handler);
    const timer = setInterval(() => void run.tick(), intervalMs);
    timer.unref();
    return { run, timer };
  });
  return {
    // A run under way finishes before the caller stops what it uses (DynamoDB Local).
    stop: async () => {
      for (const { timer } of runs) clearInterval(timer);
      await Promise.all(runs.map(({ run }) => run.current));
    },
  };
}

/** One run per tick, skipped while the previous run is still going: an overlapping run of an idempotent job only adds load. */
class JobRun {
  current: Promise<void> | undefined;

  constructor(private readonly name: FunctionNameOfKind<'job'>, private readonly handler: JobHandler) {}

  tick(): Promise<void> {
    this.current ??= this.handler({}, lambdaContext(this.name))
      .then(() => undefined, (error: unknown) => logger.error('scheduled job failed', { job: this.name, error }))
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }
}
