import { postToSlackWebhook, type WebhookOptions } from './webhook.js';

/**
 * Slack must have the answer to a click within 3 seconds, and the reply is posted before the
 * function answers (a Lambda is frozen once it has): one attempt, bounded so that the
 * decision before it and the reply together stay well inside that budget.
 */
export const RESPONSE_URL_TIMEOUT_MS = 1500;

/**
 * Posts a reply to a click's `response_url` (replace the message, or a note to the user
 * alone): the webhook post, once. Throws SlackDeliveryError when Slack does not take it; the
 * URL (a capability for that message) never appears in the error.
 */
export function postToResponseUrl(url: string, reply: object, options: Pick<WebhookOptions, 'fetchImpl'> = {}): Promise<void> {
  return postToSlackWebhook(url, reply, { ...options, maxAttempts: 1, attemptTimeoutMs: RESPONSE_URL_TIMEOUT_MS });
}
