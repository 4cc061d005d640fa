import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import type { StreamRecord } from '../../shared/adapters/dynamodb/index.js';
import { createStreamConsumer } from '../../shared/app/stream.js';
import { deliverToSlack } from '../../shared/notifications/slack-delivery.js';
import { metricsSink } from '../../shared/observability/metrics.js';
import type { BudgetEvent } from '../../shared/schemas/events.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { LocalStreamPoller } from '../../local/stream-poller.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let key: string;
let tenantId: string;
let table: { tableName: string; client: ReturnType<typeof createDocumentClient> };

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('stream'));
  table = { tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) };
});
afterAll(async () => api?.stop());

const PERIOD = '2026-01';

async function budget(): Promise<string> {
  const created = await api.call('POST', '/v1/budgets', {
    key,
    body: { name: 'Streamed', scope: { type: 'team', id: 's' }, currency: 'USD', limit: '100', period: { type: 'monthly' }, thresholds: [50, 90] },
  });
  return created.body.id;
}

/** The counter's stream records for four movements on a limit of 100: 60, 95, 40, 55 committed. */
function counterRecords(budgetId: string): StreamRecord[] {
  const counter = (movementCount: number, spent: number) => marshall({
    pk: `T#${tenantId}#B#${budgetId}`, sk: `PERIOD#${PERIOD}`, entity: 'counter', tenantId, budgetId, periodKey: PERIOD,
    baseLimitMicros: 100_000_000, limitDeltaMicros: 0, spentMicros: spent * 1_000_000, reservedMicros: 0,
    availableMicros: (100 - spent) * 1_000_000, movementCount,
  });
  const committed = [0, 60, 95, 40, 55];
  return committed.slice(1).map((spent, index) => ({
    eventName: index === 0 ? 'INSERT' : 'MODIFY',
    dynamodb: {
      SequenceNumber: `${budgetId}-${index + 1}`,
      NewImage: counter(index + 1, spent),
      ...(index > 0 && { OldImage: counter(index, committed[index]!) }),
    },
  }));
}

function consumer(published: BudgetEvent[] = []) {
  return createStreamConsumer(table, { publish: async (event) => void published.push(event) });
}

async function alertStates(budgetId: string) {
  const page = await createServices(table).alerts.list(tenantId, { budgetId, limit: 100, cursor: undefined });
  return Object.fromEntries(page.items.map((alert) => [alert.threshold, { state: alert.state, firedCount: alert.firedCount }]));
}

const expected = { 50: { state: 'active', firedCount: 2 }, 90: { state: 'resolved', firedCount: 1 } };

describe('stream consumer', () => {
  it('creates each alert once from duplicated batches', async () => {
    const id = await budget();
    const records = counterRecords(id);
    for (const record of records) expect(await consumer().consume([record, record])).toEqual({});
    expect(await alertStates(id)).toEqual(expected);
  });

  it('changes nothing when the whole sequence is replayed', async () => {
    const id = await budget();
    const records = counterRecords(id);
    await consumer().consume(records);
    await consumer().consume(records);
    await consumer().consume(records.slice(1));
    expect(await alertStates(id)).toEqual(expected);
  });

  it('ends in the state of the newest movement whatever the order records arrive in', async () => {
    for (const order of [[3, 1, 0, 2], [3, 2, 1, 0], [1, 2, 0, 3], [2, 0, 3, 1]]) {
      const id = await budget();
      const records = counterRecords(id);
      await consumer().consume(order.map((index) => records[index]!));
      const states = await alertStates(id);
      // After the newest movement (55 of 100) the 50 % alert fires and the 90 % one does not.
      expect(states[50]?.state, `order ${order}`).toBe('active');
      expect(states[90]?.state ?? 'never fired', `order ${order}`).not.toBe('active');
    }
  });

  /** The budget's alert items' own stream records, as the table's stream delivers them. */
  async function alertRecordsOf(id: string): Promise<StreamRecord[]> {
    const alertRecords: StreamRecord[] = [];
    const reader = new LocalStreamPoller(api.stack.dynamoEndpoint, api.stack.tableName, async (records) => {
      alertRecords.push(...records.filter((record) => (record.dynamodb?.NewImage as any)?.budgetId?.S === id && (record.dynamodb?.NewImage as any)?.entity?.S === 'alert'));
      return {};
    });
    await reader.drain();
    await reader.stop();
    return alertRecords;
  }

  it('publishes each event with a stable id, and a subscriber posts each once however often it comes', async () => {
    const id = await budget();
    await consumer().consume(counterRecords(id));

    const alertRecords = await alertRecordsOf(id);
    expect(alertRecords.length).toBeGreaterThanOrEqual(5);

    const published: BudgetEvent[] = [];
    await consumer(published).consume([...alertRecords, ...alertRecords, ...[...alertRecords].reverse()]);
    const ids = new Set(published.map((event) => event.id));
    expect([...ids].map((eventId) => eventId.split(':').slice(1).join(':')).sort()).toEqual(['crossed:1', 'crossed:1', 'crossed:2', 'resolved:1', 'resolved:1']);

    const posted: string[] = [];
    const log = new DynamoDeliveryLog(table);
    for (const event of published) {
      await deliverToSlack(event, { log, post: async (message) => void posted.push(message.text), nowMs: Date.now });
    }
    expect(posted).toHaveLength(5);
  });

  it('records AlertDelay for each event it publishes: from the event\'s occurredAt (the alert\'s write) to its publication', async () => {
    const id = await budget();
    await consumer().consume(counterRecords(id));
    const alertRecords = await alertRecordsOf(id);
    const recorded = vi.spyOn(metricsSink, 'add');
    try {
      const published: BudgetEvent[] = [];
      const startedAtMs = Date.now();
      await consumer(published).consume(alertRecords);

      expect(published.length).toBeGreaterThanOrEqual(5);
      expect(recorded.mock.calls.map(([metric]) => metric)).toEqual(published.map(() => 'alertDelayMs'));
      recorded.mock.calls.forEach(([, delayMs], index) => {
        const writtenAtMs = Date.parse(published[index]!.occurredAt);
        expect(delayMs).toBeGreaterThanOrEqual(startedAtMs - writtenAtMs);
        expect(delayMs).toBeLessThanOrEqual(Date.now() - writtenAtMs);
      });
    } finally {
      recorded.mockRestore();
    }
  });

  it('publishes period.closed from the change that froze the counter (with the rollover and the next period), and nothing from later changes', async () => {
    const id = await budget();
    const counter = (movementCount: number, spent: number, closed: boolean) => marshall({
      pk: `T#${tenantId}#B#${id}`, sk: `PERIOD#${PERIOD}`, entity: 'counter', tenantId, budgetId: id, periodKey: PERIOD,
      baseLimitMicros: 100_000_000, limitDeltaMicros: 0, spentMicros: spent * 1_000_000, reservedMicros: 10_000_000,
      availableMicros: (90 - spent) * 1_000_000, movementCount,
      ...(closed && {
        closedAtMs: Date.parse('2026-02-01T00:20:00Z'), closedLimitMicros: 100_000_000, closedSpentMicros: 60_000_000,
        closedReservedMicros: 10_000_000, closedUnheldSpentMicros: 60_000_000, rolloverOutMicros: 30_000_000,
      }),
    });
    const close: StreamRecord = { eventName: 'MODIFY', dynamodb: { SequenceNumber: `${id}-close`, OldImage: counter(4, 60, false), NewImage: counter(4, 60, true) } };
    const lateUsage: StreamRecord = { eventName: 'MODIFY', dynamodb: { SequenceNumber: `${id}-late`, OldImage: counter(4, 60, true), NewImage: counter(5, 65, true) } };
    const published: BudgetEvent[] = [];
    await consumer(published).consume([close, lateUsage, close]);
    const closings = published.filter((event) => event.type === 'period.closed');
    expect(closings.map((event) => event.id)).toEqual([`${id}:${PERIOD}:closed`, `${id}:${PERIOD}:closed`]);
    expect(closings[0]).toMatchObject({
      severity: 'info', occurredAt: '2026-02-01T00:20:00.000Z',
      data: { amounts: { limit: '100', spent: '60', reserved: '10', available: '30', utilization: 70 }, rolloverOut: '30', nextPeriodKey: '2026-02' },
    });
  });
});
