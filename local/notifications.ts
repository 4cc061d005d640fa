import type { TableContext } from '../shared/adapters/dynamodb/client.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { postToSlackWebhook } from '../shared/adapters/slack/webhook.js';
import { logger } from '../shared/logger.js';
import type { EventPublisher } from '../shared/notifications/ports.js';
import { deliverToSlack, printNotification } from '../shared/notifications/slack-delivery.js';
import type { BudgetEvent } from '../shared/schemas/events.js';

/** Delivery attempts before an event is given up (logged), like the subscriber's async retries and DLQ in AWS. */
const DELIVERY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 2000;

/**
 * SNS and the Slack subscriber, locally: `publish` hands the event over and returns (as an
 * SNS publish does), and delivery runs the subscriber's code path: deduplicated by event
 * id, posted to `SLACK_WEBHOOK_URL`, or printed when it is not set.
 */
export function localEventPublisher(table: TableContext): EventPublisher {
  const log = new DynamoDeliveryLog(table);
  const webhookUrl = process.env.SLACK_WEBHOOK_URL || undefined;
  const deliver = async (event: BudgetEvent) => {
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      try {
        await deliverToSlack(event, {
          log,
          post: webhookUrl ? (message) => postToSlackWebhook(webhookUrl, message) : async () => printNotification(event),
          nowMs: Date.now,
        });
        return;
      } catch (error) {
        logger.warn('notification delivery failed', { eventId: event.id, attempt, error });
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
    logger.error('notification dropped after retries (the dead-letter queue in AWS)', { eventId: event.id });
  };
  return {
    publish: async (event) => {
      void deliver(event);
    },
  };
}
