import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { deliverToSlack } from '../../shared/notifications/slack-delivery.js';
import { eventMessageAttributes, type BudgetEvent } from '../../shared/schemas/events.js';
import { ensureTable } from '../../local/stack.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { sampleEvents, startWebhookStub } from '../support/events.js';

const tableName = `test-${randomUUID()}`;
let log: DynamoDeliveryLog;

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint');
  await ensureTable(endpoint, tableName);
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  log = new DynamoDeliveryLog({ tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint)) });
});

const withId = (event: BudgetEvent): BudgetEvent => ({ ...event, id: `${event.id}:${randomUUID()}` });

describe('delivery log', () => {
  it('lets one delivery claim an event; then it is busy until delivered, and delivered for good', async () => {
    const id = randomUUID();
    expect(await log.claim('acme', id, 60_000, 1_000)).toBe('claimed');
    expect(await log.claim('acme', id, 60_000, 2_000)).toBe('busy');
    await log.markDelivered('acme', id, 3_000);
    expect(await log.claim('acme', id, 60_000, 10_000_000)).toBe('delivered');
  });

  it('gives a crashed delivery\'s claim to the next one after its lease, and an abandoned one at once', async () => {
    const crashed = randomUUID();
    expect(await log.claim('acme', crashed, 1_000, 1_000)).toBe('claimed');
    expect(await log.claim('acme', crashed, 1_000, 1_500)).toBe('busy');
    expect(await log.claim('acme', crashed, 1_000, 2_001)).toBe('claimed');

    const abandoned = randomUUID();
    await log.claim('acme', abandoned, 60_000, 1_000);
    await log.abandon('acme', abandoned);
    expect(await log.claim('acme', abandoned, 60_000, 1_001)).toBe('claimed');
  });

  it('keeps events of different tenants apart', async () => {
    const id = randomUUID();
    await log.claim('acme', id, 60_000, 1_000);
    await log.markDelivered('acme', id, 1_000);
    expect(await log.claim('globex', id, 60_000, 1_000)).toBe('claimed');
  });
});

describe('Slack delivery', () => {
  it('posts an event once when ten deliveries of it race', async () => {
    const event = withId(sampleEvents['budget.threshold_crossed']);
    const posted: string[] = [];
    const outcomes = await Promise.all(Array.from({ length: 10 }, () =>
      deliverToSlack(event, { log, post: async (message) => void posted.push(message.text), nowMs: Date.now })));
    expect(posted).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'posted')).toHaveLength(1);
    expect(await deliverToSlack(event, { log, post: async () => void posted.push('again'), nowMs: Date.now })).toBe('duplicate');
  });

  it('gives the claim back when the post fails, so a retry delivers it', async () => {
    const event = withId(sampleEvents['approval.requested']);
    await expect(deliverToSlack(event, { log, post: async () => { throw new Error('slack down'); }, nowMs: Date.now })).rejects.toThrow('slack down');
    const posted: string[] = [];
    expect(await deliverToSlack(event, { log, post: async (message) => void posted.push(message.text), nowMs: Date.now })).toBe('posted');
    expect(posted).toHaveLength(1);
  });
});

describe('the Slack subscriber Lambda', () => {
  const secrets = mockClient(SecretsManagerClient);
  let stub: Awaited<ReturnType<typeof startWebhookStub>>;
  beforeAll(async () => {
    stub = await startWebhookStub();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ url: stub.url }) });
    process.env.SLACK_WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack';
    delete process.env.SLACK_WEBHOOK_URL;
  });
  afterAll(async () => stub.close());

  const snsEventOf = (event: BudgetEvent, messageId: string): SNSEvent => ({
    Records: [{
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:sub',
      Sns: {
        Type: 'Notification', MessageId: messageId, TopicArn: 'arn:topic', Subject: event.type, Message: JSON.stringify(event),
        Timestamp: event.time, SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '',
        MessageAttributes: Object.fromEntries(Object.entries(eventMessageAttributes(event)).map(([name, value]) => [name, { Type: 'String', Value: value }])),
      },
    }],
  });

  it('posts an event delivered twice by SNS once, with the URL from Secrets Manager', async () => {
    const { handler } = await import('../../functions/notifications/slack.js');
    const event = withId(sampleEvents['approval.decided']);
    await handler(snsEventOf(event, 'm-1'));
    await handler(snsEventOf(event, 'm-2'));
    expect(stub.bodies).toHaveLength(1);
    expect(stub.bodies[0]).toMatchObject({ text: 'Approved: 150 USD on Team ML' });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('drops a message that is not an event instead of retrying it forever', async () => {
    const { handler } = await import('../../functions/notifications/slack.js');
    const event = snsEventOf(sampleEvents['approval.decided'], 'm-3');
    event.Records[0]!.Sns.Message = '{"not":"an event"}';
    const before = stub.bodies.length;
    await expect(handler(event)).resolves.toBeUndefined();
    expect(stub.bodies).toHaveLength(before);
  });
});
