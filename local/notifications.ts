import type { TableContext } from '../shared/adapters/dynamodb/client.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { logger } from '../shared/observability/logger.js';
import type { EventPublisher } from '../shared/notifications/ports.js';
import type { BudgetEvent } from '../shared/schemas/events.js';
import { createSlackSubscriber } from '../functions/notifications/slack.js';

/** Delivery attempts before an event is given up (logged), like the subscriber's async retries and DLQ in AWS. */
const DELIVERY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 2000;

/**
 * SNS and the Slack subscriber, locally: `publish` hands the event over and returns (as an
 * SNS publish does), and delivery runs the subscriber's own code: deduplicated by event id,
 * posted to `SLACK_WEBHOOK_URL`, or printed when it is not set.
 */
export function localEventPublisher(table: TableContext): EventPublisher {
  const subscriber = createSlackSubscriber({ log: new DynamoDeliveryLog(table), webhookUrl: async () => process.env.SLACK_WEBHOOK_URL || undefined });
  const deliver = async (event: BudgetEvent) => {
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      try {
        await subscriber(event);
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
