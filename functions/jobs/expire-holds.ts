import { createServices } from '../../shared/app/services.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { logger } from '../../shared/logger.js';

/**
 * The expiry sweeper (EventBridge Scheduler, every minute; a timer under `npm start`):
 * every held reservation past `expiresAt` becomes `expired` and its amount returns to the
 * budget and its ancestors; every pending approval past its `expiresAt` expires with its
 * reservation. Each expiry is its own conditional write, so a sweep that races a charge,
 * a release, a decision or another sweep changes each item once.
 */
export async function handler(): Promise<{ expired: number; expiredApprovals: number }> {
  const services = createServices(tableContextFromEnv());
  const nowMs = Date.now();
  const [expired, expiredApprovals] = await Promise.all([services.money.expireDue(nowMs), services.approvals.expireDue(nowMs)]);
  if (expired > 0 || expiredApprovals > 0) logger.info('expired', { expired, expiredApprovals });
  return { expired, expiredApprovals };
}
