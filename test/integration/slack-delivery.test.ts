import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createSlackSubscriber } from '../../functions/notifications/slack.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { ensureTable } from '../../local/stack.js';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { deliverToSlack } from '../../shared/notifications/slack-delivery.js';
import type { BudgetEvent } from '../../shared/schemas/events.js';
import { sampleEvents, startWebhookStub } from '../support/events.js';

let table: TableContext;
let log: DynamoDeliveryLog;

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `test-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  table = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint)) };
  log = new DynamoDeliveryLog(table);
});

const withNewId = (event: BudgetEvent): BudgetEvent => ({ ...event, id: `${event.id}:${randomUUID()}` });
const key = (tenantId: string, eventId: string) => ({ pk: keys.deliveryPk(tenantId, eventId), sk: keys.deliverySk() });
const readItem = async (tenantId: string, eventId: string) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key(tenantId, eventId), ConsistentRead: true }))).Item;

describe('delivery log', () => {
  it('lets one delivery claim an event; then it is busy until delivered, and delivered for good', async () => {
    const id = randomUUID();
    expect(await log.claim('acme', id, 60_000, 1_000)).toBe('claimed');
    expect(await log.claim('acme', id, 60_000, 2_000)).toBe('busy');
    await log.markDelivered('acme', id, 3_000);
    expect(await log.claim('acme', id, 60_000, 10_000_000)).toBe('delivered');
  });

  it('writes a delivery item that TTL removes after 7 days', async () => {
    const id = randomUUID();
    const nowMs = Date.parse('2026-11-23T10:00:00.000Z');
    await log.claim('acme', id, 60_000, nowMs);
    expect(await readItem('acme', id)).toMatchObject({ entity: 'delivery', state: 'claimed', leaseUntilMs: nowMs + 60_000, ttl: nowMs / 1000 + 7 * 24 * 3600 });
    await log.markDelivered('acme', id, nowMs + 500);
    expect(await readItem('acme', id)).toMatchObject({ entity: 'delivery', state: 'delivered', deliveredAtMs: nowMs + 500 });
  });

  it('gives a crashed delivery\'s claim to the next one after its lease, and an abandoned one at once', async () => {
    const crashed = randomUUID();
    expect(await log.claim('acme', crashed, 1_000, 1_000)).toBe('claimed');
    expect(await log.claim('acme', crashed, 1_000, 1_500)).toBe('busy');
    expect(await log.claim('acme', crashed, 1_000, 2_000)).toBe('busy');
    expect(await log.claim('acme', crashed, 1_000, 2_001)).toBe('claimed');

    const abandoned = randomUUID();
    await log.claim('acme', abandoned, 60_000, 1_000);
    await log.abandon('acme', abandoned);
    expect(await readItem('acme', abandoned)).toBeUndefined();
    expect(await log.claim('acme', abandoned, 60_000, 1_001)).toBe('claimed');
  });

  it('never lets a lease run out on a delivered event, nor an abandon remove it', async () => {
    const id = randomUUID();
    await log.claim('acme', id, 1_000, 1_000);
    await log.markDelivered('acme', id, 1_100);
    await log.abandon('acme', id);
    expect(await log.claim('acme', id, 1_000, 999_999_999)).toBe('delivered');
  });

  it('records a delivery whole even when its claim item is gone', async () => {
    const id = randomUUID();
    await log.claim('acme', id, 60_000, 1_000_000);
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: key('acme', id) }));
    await log.markDelivered('acme', id, 1_000_500);
    expect(await readItem('acme', id)).toMatchObject({ entity: 'delivery', state: 'delivered', ttl: 1_000 + 7 * 24 * 3600 });
  });

  it('keeps events of different tenants apart', async () => {
    const id = randomUUID();
    await log.claim('acme', id, 60_000, 1_000);
    await log.markDelivered('acme', id, 1_000);
    expect(await log.claim('globex', id, 60_000, 1_000)).toBe('claimed');
  });

  it('lets exactly one of ten racing claims win', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => log.claim('acme', id, 60_000, Date.now())));
    expect(outcomes.filter((outcome) => outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'busy')).toHaveLength(9);
  });
});

describe('Slack delivery', () => {
  it('posts an event once when ten deliveries of it race', async () => {
    const event = withNewId(sampleEvents['budget.threshold_crossed']);
    const posted: string[] = [];
    const post = async (message: { text: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 20)); // a post takes time: the others arrive while it runs
      posted.push(message.text);
    };
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => deliverToSlack(event, { log, post, nowMs: Date.now })));
    expect(posted).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'posted')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'posted').every((outcome) => outcome === 'busy' || outcome === 'duplicate')).toBe(true);
    expect(await deliverToSlack(event, { log, post, nowMs: Date.now })).toBe('duplicate');
    expect(posted).toHaveLength(1);
  });

  it('gives the claim back when the post fails, so a retry delivers it', async () => {
    const event = withNewId(sampleEvents['approval.requested']);
    await expect(deliverToSlack(event, { log, post: async () => { throw new Error('slack down'); }, nowMs: Date.now })).rejects.toThrow('slack down');
    const posted: string[] = [];
    expect(await deliverToSlack(event, { log, post: async (message) => void posted.push(message.text), nowMs: Date.now })).toBe('posted');
    expect(posted).toHaveLength(1);
  });

  it('lets a delivery take over after a crashed one\'s lease ran out', async () => {
    const event = withNewId(sampleEvents['approval.decided']);
    let nowMs = 1_000;
    await log.claim(event.tenantId, event.id, 5_000, nowMs); // the crashed delivery
    const posted: string[] = [];
    const deps = { log, post: async (message: { text: string }) => void posted.push(message.text), nowMs: () => nowMs, leaseMs: 5_000 };
    expect(await deliverToSlack(event, deps)).toBe('busy');
    nowMs = 6_001;
    expect(await deliverToSlack(event, deps)).toBe('posted');
    expect(posted).toHaveLength(1);
  });
});

describe('the Slack subscriber (shared by the Lambda and npm start)', () => {
  let stub: Awaited<ReturnType<typeof startWebhookStub>>;
  beforeAll(async () => {
    stub = await startWebhookStub();
  });
  afterAll(async () => stub.close());

  it('posts each event once to the webhook', async () => {
    const subscriber = createSlackSubscriber({ log, webhookUrl: async () => stub.url });
    const event = withNewId(sampleEvents['budget.threshold_resolved']);
    expect(await subscriber(event)).toBe('posted');
    expect(await subscriber(event)).toBe('duplicate');
    expect(stub.bodies).toEqual([expect.objectContaining({ text: ':white_check_mark: Budget *Team ML* is back under 90 %' })]);
  });

  it('prints each event once without a webhook', async () => {
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const subscriber = createSlackSubscriber({ log, webhookUrl: async () => undefined, nowMs: () => Date.parse('2026-11-23T10:00:00.000Z') });
      const event = withNewId(sampleEvents['budget.threshold_crossed']);
      await subscriber(event);
      await subscriber(event);
      expect(print.mock.calls).toEqual([[expect.stringMatching(/^\[notification\] \[warning\] Budget Team ML reached 90 % .*7 days left/)]]);
    } finally {
      print.mockRestore();
    }
  });

  it('throws while another delivery of the event is under way, so it is retried rather than lost', async () => {
    const event = withNewId(sampleEvents['approval.requested']);
    await log.claim(event.tenantId, event.id, 60_000, Date.now());
    const subscriber = createSlackSubscriber({ log, webhookUrl: async () => stub.url });
    await expect(subscriber(event)).rejects.toThrow('being delivered');
  });
});
