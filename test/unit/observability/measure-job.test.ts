import { describe, expect, it } from 'vitest';
import { measureJob } from '../../../shared/observability/invocation.js';
import type { Dimensions, MetricsSink } from '../../../shared/observability/metrics.js';
import type { MetricKey } from '../../../shared/observability/names.js';

function recordingSink() {
  const data: Array<{ metric: MetricKey; value: number; dimensions?: Dimensions }> = [];
  let flushes = 0;
  const sink: MetricsSink = {
    add: (metric, value, dimensions) => void data.push({ metric, value, ...(dimensions && { dimensions }) }),
    flush: () => void flushes++,
  };
  return { sink, data, flushes: () => flushes };
}

/** A clock that moves 250 ms each time it is read. */
function steppingClock(stepMs = 250): () => number {
  let nowMs = 1_000;
  return () => (nowMs += stepMs);
}

describe('measureJob', () => {
  it('records the run\'s items, failures and duration under its job, and flushes', async () => {
    const { sink, data, flushes } = recordingSink();

    const result = await measureJob(
      { job: 'closePeriods', tally: (run: { closed: number; failed: number }) => ({ items: run.closed, failures: run.failed }), sink, nowMs: steppingClock() },
      undefined,
      async () => ({ closed: 7, failed: 2 }),
    );

    expect(result).toEqual({ closed: 7, failed: 2 });
    expect(data).toEqual([
      { metric: 'jobItems', value: 7, dimensions: { job: 'closePeriods' } },
      { metric: 'jobFailures', value: 2, dimensions: { job: 'closePeriods' } },
      { metric: 'jobDurationMs', value: 250, dimensions: { job: 'closePeriods' } },
    ]);
    expect(flushes()).toBe(1);
  });

  it('records the duration of a run that throws, flushes, and throws on (the function\'s Errors alarm)', async () => {
    const { sink, data, flushes } = recordingSink();
    const failure = new Error('table unavailable');

    const run = measureJob({ job: 'forecast', tally: () => ({ items: 1, failures: 0 }), sink, nowMs: steppingClock() }, undefined, async () => {
      throw failure;
    });

    await expect(run).rejects.toBe(failure);
    expect(data).toEqual([{ metric: 'jobDurationMs', value: 250, dimensions: { job: 'forecast' } }]);
    expect(flushes()).toBe(1);
  });
});
