import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { ensureTable } from '../../local/stack.js';
import { SnsEventPublisher } from '../../shared/adapters/sns/publisher.js';
import { BudgetEvent, eventMessageAttributes } from '../../shared/schemas/events.js';
import { sampleEvents, startWebhookStub } from '../support/events.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:events';

describe('SNS publisher', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });
  afterAll(() => sns.restore());
  const publisher = () => new SnsEventPublisher(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN);

  it('publishes the event with the message attributes subscribers filter on', async () => {
    const event = sampleEvents['budget.threshold_crossed'];
    await publisher().publish(event);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC_ARN);
    expect(input.MessageAttributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'budget.threshold_crossed' },
      severity: { DataType: 'String', StringValue: 'warning' },
      tenantId: { DataType: 'String', StringValue: 'acme' },
      budgetId: { DataType: 'String', StringValue: 'bud_01TEAMML' },
    });
    expect(BudgetEvent.parse(JSON.parse(input.Message!))).toEqual(event);
  });

  it.each(Object.keys(sampleEvents))('publishes %s with a short ASCII subject and attributes from the event', async (type) => {
    const event = sampleEvents[type as BudgetEvent['type']];
    await publisher().publish({ ...event, budgetId: `bud_é${'x'.repeat(200)}` });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.Subject!.length).toBeGreaterThan(0);
    expect(input.Subject!.length).toBeLessThanOrEqual(100);
    expect(input.Subject).toMatch(/^[\x20-\x7e]+$/);
    expect(input.MessageAttributes!.eventType!.StringValue).toBe(type);
    expect(input.MessageAttributes!.severity!.StringValue).toBe(event.severity);
  });

  it('refuses to publish what is not a valid event', async () => {
    await expect(publisher().publish({ ...sampleEvents['approval.requested'], severity: 'fatal' } as never)).rejects.toThrow();
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

/** What SNS hands the subscriber: the message the publisher sent, with its attributes. */
function snsEventOf(event: BudgetEvent | string, messageId: string): SNSEvent {
  const message = typeof event === 'string' ? event : JSON.stringify(event);
  const attributes: Record<string, string> = typeof event === 'string' ? {} : eventMessageAttributes(event);
  return {
    Records: [{
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${TOPIC_ARN}:sub`,
      Sns: {
        Type: 'Notification', MessageId: messageId, TopicArn: TOPIC_ARN, Subject: 'event', Message: message,
        Timestamp: '2026-11-23T10:00:00.000Z', SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '',
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }])),
      },
    }],
  };
}

describe('the Slack subscriber Lambda', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack';
  const secrets = mockClient(SecretsManagerClient);
  const answers: Array<{ status: number }> = [];
  const ENV_NAMES = ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'SLACK_WEBHOOK_SECRET_ARN', 'SLACK_WEBHOOK_URL'] as const;
  const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
  let stub: Awaited<ReturnType<typeof startWebhookStub>>;
  const withNewId = (event: BudgetEvent): BudgetEvent => ({ ...event, id: `${event.id}:${randomUUID()}` });
  /** A fresh execution environment: nothing cached from the previous test. */
  const loadHandler = async () => {
    vi.resetModules();
    return (await import('../../functions/notifications/slack.js')).handler;
  };

  beforeAll(async () => {
    const endpoint = inject('dynamoEndpoint');
    const tableName = `test-${randomUUID()}`;
    await ensureTable(endpoint, tableName);
    stub = await startWebhookStub(answers);
    Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint, SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN });
    delete process.env.SLACK_WEBHOOK_URL;
  });
  beforeEach(() => {
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ url: stub.url }) });
    stub.bodies.length = 0;
  });
  afterAll(async () => {
    secrets.restore();
    for (const name of ENV_NAMES) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    await stub.close();
  });

  it('posts an event that SNS delivers twice once, with the URL from Secrets Manager read once', async () => {
    const handler = await loadHandler();
    const event = withNewId(sampleEvents['approval.decided']);
    await handler(snsEventOf(event, 'm-1'));
    await handler(snsEventOf(event, 'm-2'));
    expect(stub.bodies).toHaveLength(1);
    expect(stub.bodies[0]).toMatchObject({ text: ':white_check_mark: Approved: 150 USD on *Team ML*' });
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: SECRET_ARN }]);
  });

  it('accepts a secret that holds the URL itself', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `${stub.url}\n` });
    const handler = await loadHandler();
    await handler(snsEventOf(withNewId(sampleEvents['budget.threshold_crossed']), 'm-3'));
    expect(stub.bodies).toHaveLength(1);
  });

  it('throws when the post fails, so Lambda retries; the retry then posts', async () => {
    const handler = await loadHandler();
    const event = withNewId(sampleEvents['approval.requested']);
    answers.push({ status: 404 });
    await expect(handler(snsEventOf(event, 'm-4'))).rejects.toMatchObject({ name: 'SlackDeliveryError', permanent: true });
    await handler(snsEventOf(event, 'm-4'));
    expect(stub.bodies).toHaveLength(2);
  });

  it('throws when the secret cannot be read, and reads it again on the next invocation', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: JSON.stringify({ url: stub.url }) });
    const handler = await loadHandler();
    const event = withNewId(sampleEvents['budget.threshold_resolved']);
    await expect(handler(snsEventOf(event, 'm-5'))).rejects.toThrow('throttled');
    await handler(snsEventOf(event, 'm-5'));
    expect(stub.bodies).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('drops a message that is not an event instead of retrying it forever', async () => {
    const handler = await loadHandler();
    await expect(handler(snsEventOf('{"not":"an event"}', 'm-6'))).resolves.toBeUndefined();
    await expect(handler(snsEventOf('not json at all', 'm-7'))).resolves.toBeUndefined();
    await expect(handler(snsEventOf(JSON.stringify({ ...sampleEvents['approval.decided'], version: 2 }), 'm-8'))).resolves.toBeUndefined();
    expect(stub.bodies).toHaveLength(0);
  });
});
