import type { Context, SNSEvent } from 'aws-lambda';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { secretFromEnv } from '../../shared/adapters/secrets-manager/secret-from-env.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { postToSlackWebhook } from '../../shared/adapters/slack/webhook.js';
import { withLambdaContext } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';
import type { DeliveryLog } from '../../shared/notifications/ports.js';
import { deliverToSlack, printNotification } from '../../shared/notifications/slack-delivery.js';
import { BudgetEvent } from '../../shared/schemas/events.js';

export interface SlackSubscriberDeps {
  log: DeliveryLog;
  /** The incoming webhook; `undefined` prints each notification instead (`npm start` without a webhook). */
  webhookUrl: () => Promise<string | undefined>;
  nowMs?: () => number;
}

export type SlackSubscriber = (event: BudgetEvent) => Promise<'posted' | 'duplicate'>;

/**
 * The subscriber's code path, shared by the Lambda and the local server: deduplicated by
 * event id, then posted (or printed). Throws when the post fails, and when another delivery
 * of the same event is under way: had that one crashed, only a retry would deliver it.
 */
export function createSlackSubscriber(deps: SlackSubscriberDeps): SlackSubscriber {
  const nowMs = deps.nowMs ?? Date.now;
  return async (event) => {
    const url = await deps.webhookUrl();
    const outcome = await deliverToSlack(event, {
      log: deps.log,
      nowMs,
      post: url === undefined ? async () => printNotification(event, nowMs()) : (message) => postToSlackWebhook(url, message),
    });
    if (outcome === 'busy') throw new Error(`event ${event.id} is being delivered by another invocation; retry later`);
    return outcome;
  };
}

/** `SLACK_WEBHOOK_URL`, else the secret `SLACK_WEBHOOK_SECRET_ARN` names: the URL itself, or `{ "url": … }`. */
const configuredWebhookUrl = secretFromEnv({ valueVariable: 'SLACK_WEBHOOK_URL', arnVariable: 'SLACK_WEBHOOK_SECRET_ARN', field: 'url' });

async function webhookUrlFromEnv(): Promise<string> {
  const url = await configuredWebhookUrl();
  if (url === undefined) throw new Error('neither SLACK_WEBHOOK_URL nor SLACK_WEBHOOK_SECRET_ARN is set');
  return url;
}

function parseEvent(message: string): { event: BudgetEvent } | { error: unknown } {
  try {
    return { event: BudgetEvent.parse(JSON.parse(message)) };
  } catch (error) {
    return { error };
  }
}

// Created on the first invocation, not at import: a lean cold start, and env read when set.
let subscriber: SlackSubscriber | undefined;

/**
 * The SNS subscriber that posts to Slack. A message that is not a valid event is logged and
 * dropped (retrying cannot fix it); a failed post throws, so Lambda's async retries and then
 * the on-failure destination take the event.
 */
export async function handler(event: SNSEvent, context?: Context): Promise<void> {
  withLambdaContext(context);
  subscriber ??= createSlackSubscriber({ log: new DynamoDeliveryLog(tableContextFromEnv()), webhookUrl: webhookUrlFromEnv });
  for (const record of event.Records) {
    const parsed = parseEvent(record.Sns.Message);
    if ('error' in parsed) {
      logger.error('not a budget event; dropped', { messageId: record.Sns.MessageId, error: parsed.error });
      continue;
    }
    const outcome = await subscriber(parsed.event);
    logger.info('slack delivery', { eventId: parsed.event.id, eventType: parsed.event.type, outcome });
  }
}
