import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { handler } from '../../functions/jobs/close-periods.js';
import { lambdaContext } from '../../local/functions.js';
import { createServices } from '../../shared/app/services.js';
import { metricsSink } from '../../shared/observability/metrics.js';
import { createBudget, newMoneyTable, tableContext } from '../support/money-table.js';

/** Issue 11: the close job's Lambda handler, as Scheduler (or `npm start`'s timer) runs it, on a table of its own. */
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  const tableName = await newMoneyTable('close-job');
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  services = createServices(tableContext(tableName));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the close-periods job handler', () => {
  it('closes every period that has ended, counts each (closes run concurrently), and a second run finds nothing to do', async () => {
    const budgetIds: string[] = [];
    for (let index = 0; index < 20; index++) {
      budgetIds.push(await createBudget(services, 'close-job', {
        limit: '50', period: { type: 'custom', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' },
      }));
    }
    const recorded = vi.spyOn(metricsSink, 'add');
    expect(await handler({}, lambdaContext('closePeriods'))).toEqual({ closed: 20, failed: 0, stoppedEarly: false });
    // JobItems and JobFailures feed the dashboard and the job's failure alarm (infra/constructs/observability.ts).
    expect(recorded.mock.calls.map(([metric, value, dimensions]) => [metric, metric === 'jobDurationMs' ? 'ms' : value, dimensions])).toEqual([
      ['jobItems', 20, { job: 'closePeriods' }], ['jobFailures', 0, { job: 'closePeriods' }], ['jobDurationMs', 'ms', { job: 'closePeriods' }],
    ]);
    for (const budgetId of budgetIds) expect((await services.money.period('close-job', budgetId, 'custom')).state).toBe('closed');
    expect(await handler({}, lambdaContext('closePeriods'))).toEqual({ closed: 0, failed: 0, stoppedEarly: false });
  });
});
