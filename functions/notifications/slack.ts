import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSEvent } from 'aws-lambda';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamodb/delivery-log.js';
import { postToSlackWebhook } from '../../shared/adapters/slack/webhook.js';
import { logger } from '../../shared/logger.js';
import { deliverToSlack } from '../../shared/notifications/slack-delivery.js';
import { BudgetEvent } from '../../shared/schemas/events.js';

let webhookUrl: Promise<string> | undefined;

/** `SLACK_WEBHOOK_URL`, else the secret `SLACK_WEBHOOK_SECRET_ARN` names (the URL, or `{ "url": … }`); read once per environment. */
function webhookUrlFromEnv(): Promise<string> {
  webhookUrl ??= (async () => {
    if (process.env.SLACK_WEBHOOK_URL) return process.env.SLACK_WEBHOOK_URL;
    const secretArn = process.env.SLACK_WEBHOOK_SECRET_ARN;
    if (!secretArn) throw new Error('neither SLACK_WEBHOOK_URL nor SLACK_WEBHOOK_SECRET_ARN is set');
    const client = new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const value = (SecretString ?? '').trim();
    return value.startsWith('{') ? String((JSON.parse(value) as { url?: unknown }).url ?? '') : value;
  })().catch((error: unknown) => {
    webhookUrl = undefined;
    throw error;
  });
  return webhookUrl;
}

/**
 * The SNS subscriber that posts to Slack. A message that is not a valid event is logged and
 * dropped (retrying cannot fix it); a failed post throws, so Lambda's async retries and then
 * the on-failure queue take it.
 */
export async function handler(event: SNSEvent): Promise<void> {
  const log = new DynamoDeliveryLog(tableContextFromEnv());
  for (const record of event.Records) {
    let parsed: BudgetEvent;
    try {
      parsed = BudgetEvent.parse(JSON.parse(record.Sns.Message));
    } catch (error) {
      logger.error('not a budget event; dropped', { messageId: record.Sns.MessageId, error });
      continue;
    }
    const url = await webhookUrlFromEnv();
    const outcome = await deliverToSlack(parsed, { log, post: (message) => postToSlackWebhook(url, message), nowMs: Date.now });
    if (outcome === 'busy') throw new Error(`event ${parsed.id} is being delivered by another invocation; retry later`);
    logger.info('slack delivery', { eventId: parsed.id, outcome });
  }
}
