import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EventPublisher } from '../../notifications/ports.js';
import { BudgetEvent, eventMessageAttributes } from '../../schemas/events.js';

/** SNS refuses a subject that is not ASCII or longer than this. */
const SNS_SUBJECT_MAX_CHARS = 100;

/** Events to the SNS topic, with the message attributes subscribers filter on. */
export class SnsEventPublisher implements EventPublisher {
  constructor(private readonly sns: SNSClient, private readonly topicArn: string) {}

  async publish(event: BudgetEvent): Promise<void> {
    const message = BudgetEvent.parse(event);
    await this.sns.send(new PublishCommand({
      TopicArn: this.topicArn,
      Message: JSON.stringify(message),
      Subject: `${message.type} ${message.budgetId}`.replace(/[^\x20-\x7e]/g, '?').slice(0, SNS_SUBJECT_MAX_CHARS),
      MessageAttributes: Object.fromEntries(Object.entries(eventMessageAttributes(message))
        .map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
    }));
  }
}
