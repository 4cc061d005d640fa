import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, powertoolsMetricsSink, writesMetrics } from '../../../shared/observability/metrics.js';

/** The EMF lines Powertools writes to stdout, parsed. */
function captureEmf(): { lines: () => Array<Record<string, any>> } {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { lines: () => written.flatMap((text) => text.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)) };
}

describe('the Powertools metrics sink', () => {
  beforeEach(() => {
    // Powertools reads these when the Metrics object is created; off in every other test.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', '');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', '');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('writes a datum with dimensions at once, on its own line, under the namespace and the service dimension', () => {
    const emf = captureEmf();
    const sink = powertoolsMetricsSink(createMetrics());

    sink.add('reservations', 1, { outcome: 'held' });
    sink.add('reservations', 1, { outcome: 'refused' });

    const lines = emf.lines();
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => line.outcome)).toEqual(['held', 'refused']);
    expect(lines[0]).toMatchObject({ service: 'budget-service', Reservations: 1 });
    expect(lines[0]!._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'BudgetService', Dimensions: [['service', 'outcome']], Metrics: [{ Name: 'Reservations', Unit: 'Count' }],
    }]);
  });

  it('keeps data without dimensions until the flush, then writes their values in one line', () => {
    const emf = captureEmf();
    const sink = powertoolsMetricsSink(createMetrics());

    sink.add('alertDelayMs', 120);
    sink.add('alertDelayMs', 80);
    expect(emf.lines()).toHaveLength(0);
    sink.flush();

    const [line] = emf.lines();
    expect(line).toMatchObject({ service: 'budget-service', AlertDelay: [120, 80] });
    expect(line!._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'AlertDelay', Unit: 'Milliseconds' }]);
  });

  it('writes nothing, not even Powertools\' warning, when an invocation recorded nothing', () => {
    const stdout = captureEmf();
    const warned = vi.spyOn(console, 'warn');
    const sink = powertoolsMetricsSink(createMetrics());

    sink.flush();

    expect(stdout.lines()).toEqual([]);
    expect(warned).not.toHaveBeenCalled();
  });
});

describe('where metrics are written', () => {
  it.each([
    [{ AWS_LAMBDA_FUNCTION_NAME: 'money' }, true],
    [{}, false],
    [{ POWERTOOLS_METRICS_DISABLED: 'false' }, true],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'money', POWERTOOLS_METRICS_DISABLED: 'true' }, false],
    [{ AWS_LAMBDA_FUNCTION_NAME: 'money', POWERTOOLS_METRICS_DISABLED: '' }, true],
  ])('%o → %s', (env, expected) => {
    expect(writesMetrics(env)).toBe(expected);
  });
});
