import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsEventPublisher } from '../../shared/adapters/sns/publisher.js';
import { BudgetEvent } from '../../shared/schemas/events.js';
import { sampleEvents } from '../support/events.js';

const sns = mockClient(SNSClient);
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('SNS publisher', () => {
  it('publishes the event with the message attributes subscribers filter on', async () => {
    const publisher = new SnsEventPublisher(new SNSClient({ region: 'eu-west-1' }), 'arn:aws:sns:eu-west-1:123456789012:events');
    const event = sampleEvents['budget.threshold_crossed'];
    await publisher.publish(event);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:events');
    expect(input.MessageAttributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'budget.threshold_crossed' },
      severity: { DataType: 'String', StringValue: 'warning' },
      tenantId: { DataType: 'String', StringValue: 'acme' },
      budgetId: { DataType: 'String', StringValue: 'bud_01TEAMML' },
    });
    expect(BudgetEvent.parse(JSON.parse(input.Message!))).toEqual(event);
    expect(input.Subject!.length).toBeLessThanOrEqual(100);
  });

  it('refuses to publish what is not a valid event', async () => {
    const publisher = new SnsEventPublisher(new SNSClient({ region: 'eu-west-1' }), 'arn:aws:sns:eu-west-1:123456789012:events');
    await expect(publisher.publish({ ...sampleEvents['approval.requested'], severity: 'fatal' } as never)).rejects.toThrow();
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
