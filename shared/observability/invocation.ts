import type { Context } from 'aws-lambda';
import { logger } from './logger.js';
import { metricsSink, type MetricsSink } from './metrics.js';

/** What a job run reports for its metrics: items it got through, and items it failed on (left to the next run). */
export interface JobTally {
  items: number;
  failures: number;
}

export interface JobOptions<T> {
  /** The catalog's function name: the `job` dimension and log key. */
  job: string;
  /** The run's items and failures, from its result. */
  tally: (result: T) => JobTally;
  sink?: MetricsSink;
  nowMs?: () => number;
}

/**
 * Runs one invocation of a job or worker with its telemetry: log lines carry the Lambda
 * context and `job`; `JobDuration` is recorded whether the run returns or throws (a throw is
 * the function's `Errors` alarm), `JobItems` and `JobFailures` when it returns; the metrics
 * are flushed and the log keys dropped before the invocation ends.
 *
 * @example
 * export const handler = (event, context) => measureJob({ job: 'closePeriods', tally: (r) => ({ items: r.closed, failures: r.failed }) }, context, () => close());
 */
export async function measureJob<T>(options: JobOptions<T>, context: Partial<Context> | undefined, run: () => Promise<T>): Promise<T> {
  const sink = options.sink ?? metricsSink;
  const nowMs = options.nowMs ?? Date.now;
  const dimensions = { job: options.job };
  withLambdaContext(context);
  logger.appendKeys({ job: options.job });
  const startedAtMs = nowMs();
  try {
    const result = await run();
    const { items, failures } = options.tally(result);
    sink.add('jobItems', items, dimensions);
    sink.add('jobFailures', failures, dimensions);
    return result;
  } finally {
    sink.add('jobDurationMs', nowMs() - startedAtMs, dimensions);
    sink.flush();
    logger.resetKeys();
  }
}

/**
 * Adds the invocation's Lambda context (`function_request_id`, `cold_start`, …) to the log
 * lines. A context without a request id (a test's `{ getRemainingTimeInMillis }`) adds nothing.
 */
export function withLambdaContext(context: Partial<Context> | undefined): void {
  if (context?.awsRequestId) logger.addContext(context as Context);
}
