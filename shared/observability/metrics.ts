import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS, METRICS_NAMESPACE, SERVICE_NAME, type DIMENSIONS, type MetricKey } from './names.js';

/** Dimension name (one of {@link DIMENSIONS}, which the dashboard and alarms read too) → value, from a short fixed list. */
export type Dimensions = Readonly<Partial<Record<(typeof DIMENSIONS)[keyof typeof DIMENSIONS], string>>>;

/**
 * Where the code records metrics. The handlers and the stream consumer take one (tests pass
 * a recording sink); in Lambda it is {@link metricsSink}, CloudWatch's embedded metric format.
 *
 * @example
 * sink.add('reservations', 1, { outcome: 'held' });
 * sink.flush(); // once per invocation
 */
export interface MetricsSink {
  /** One datum of the metric, under `service` and `dimensions`. */
  add(metric: MetricKey, value: number, dimensions?: Dimensions): void;
  /** Writes what was added since the last flush; a handler calls it before it returns. */
  flush(): void;
}

/**
 * Over Powertools Metrics: a datum without dimensions waits in the buffer (many values of
 * one metric travel in one EMF line) until {@link MetricsSink.flush}; one with dimensions
 * is written at once on its own line, because an EMF line carries one value per dimension
 * (two outcomes in one invocation need two lines).
 */
export function powertoolsMetricsSink(metrics: Metrics): MetricsSink {
  return {
    add(metric, value, dimensions) {
      const { name, unit } = METRICS[metric];
      if (!dimensions) {
        metrics.addMetric(name, unit, value);
        return;
      }
      const single = metrics.singleMetric();
      for (const [dimension, dimensionValue] of Object.entries(dimensions)) single.addDimension(dimension, dimensionValue);
      single.addMetric(name, unit, value);
    },
    flush() {
      // Powertools warns on every flush with nothing buffered, which most invocations have.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** Powertools Metrics as the service configures it; `POWERTOOLS_*` are read when it is created. */
export function createMetrics(): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
  });
}

/** Records nothing: metrics outside Lambda, where no one reads EMF from stdout. */
export const NO_METRICS: MetricsSink = { add: () => undefined, flush: () => undefined };

/**
 * EMF lines are metrics only where CloudWatch Logs reads them, in Lambda; anywhere else
 * (tests, `npm start`, the benchmark) they would be noise between the log lines.
 * `POWERTOOLS_METRICS_DISABLED` decides when it is set (`false` writes them anywhere, to see
 * what Lambda would send).
 */
export function writesMetrics(env: NodeJS.ProcessEnv = process.env): boolean {
  const disabled = env.POWERTOOLS_METRICS_DISABLED?.trim().toLowerCase();
  if (disabled !== undefined && disabled !== '') return !['true', '1', 'yes', 'on'].includes(disabled);
  return env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
}

/** The sink of every function: one per execution environment, flushed per invocation. */
export const metricsSink: MetricsSink = writesMetrics() ? powertoolsMetricsSink(createMetrics()) : NO_METRICS;
