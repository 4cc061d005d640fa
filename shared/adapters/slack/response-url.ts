import { SlackDeliveryError } from './webhook.js';

/**
 * Slack must have the answer to a click within 3 seconds, and the reply is posted before the
 * function answers (a Lambda is frozen once it has): one attempt, bounded so that the
 * decision before it and the reply together stay well inside that budget.
 */
export const RESPONSE_URL_TIMEOUT_MS = 1500;

/**
 * Posts a reply to a click's `response_url` (replace the message, or a note to the user
 * alone). Throws SlackDeliveryError when Slack does not take it; the URL (a capability for
 * that message) never appears in the error.
 */
export async function postToResponseUrl(url: string, reply: unknown, options: { fetchImpl?: typeof fetch; timeoutMs?: number } = {}): Promise<void> {
  const { fetchImpl = fetch, timeoutMs = RESPONSE_URL_TIMEOUT_MS } = options;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(reply), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SlackDeliveryError(`no answer from Slack's response_url: ${(error as Error).message}`, false);
  }
  // Slack explains a refusal in the body (`invalid_blocks`, `expired_url`); reading it also frees the connection.
  const answer = (await response.text().catch(() => '')).slice(0, 200);
  if (!response.ok) throw new SlackDeliveryError(`Slack's response_url answered ${response.status}: ${answer}`, response.status < 500);
}
