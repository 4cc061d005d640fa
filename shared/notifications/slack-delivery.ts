import type { BudgetEvent } from '../schemas/events.js';
import type { DeliveryLog } from './ports.js';
import { renderNotificationLine, renderSlackMessage, type SlackMessage } from './slack-message.js';

/**
 * Longer than a post with all its retries takes (postToSlackWebhook's defaults: at most
 * 3 × 5 s attempts and 2 × 15 s waits), so a lease never runs out under a live delivery;
 * a crashed delivery can be retried after it.
 */
const DEFAULT_LEASE_MS = 60_000;

export interface SlackDeliveryDeps {
  log: DeliveryLog;
  post: (message: SlackMessage) => Promise<void>;
  nowMs: () => number;
  leaseMs?: number;
}

/**
 * Delivers one event once: the first delivery claims its id, posts, and records it; a
 * redelivery (SNS and the stream are at least once) finds it delivered and posts nothing,
 * and one racing a live delivery gets `busy`. A failed post gives the claim up and
 * rethrows, so the caller's retry can deliver it.
 */
export async function deliverToSlack(event: BudgetEvent, deps: SlackDeliveryDeps): Promise<'posted' | 'duplicate' | 'busy'> {
  const claim = await deps.log.claim(event.tenantId, event.id, deps.leaseMs ?? DEFAULT_LEASE_MS, deps.nowMs());
  if (claim === 'delivered') return 'duplicate';
  if (claim === 'busy') return 'busy';
  try {
    await deps.post(renderSlackMessage(event, deps.nowMs()));
  } catch (error) {
    // Should giving the claim up fail too, the lease runs out by itself: the post's error is the one to report.
    await deps.log.abandon(event.tenantId, event.id).catch(() => undefined);
    throw error;
  }
  await deps.log.markDelivered(event.tenantId, event.id, deps.nowMs());
  return 'posted';
}

/** One readable line per notification, for `npm start` without a Slack webhook. */
export function printNotification(event: BudgetEvent, nowMs: number = Date.now()): void {
  console.log(`[notification] ${renderNotificationLine(event, nowMs)}`);
}
