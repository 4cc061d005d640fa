import { createServices, tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import { logger } from '../../shared/logger.js';

/**
 * The expiry sweeper (EventBridge Scheduler, every minute; a timer under `npm start`):
 * every held reservation past `expiresAt` becomes `expired` and its amount returns to the
 * budget and its ancestors. Each expiry is its own conditional write, so a sweep that
 * races a charge, a release or another sweep changes each hold once.
 */
export async function handler(): Promise<{ expired: number }> {
  const expired = await createServices(tableContextFromEnv()).money.expireDue(Date.now());
  if (expired > 0) logger.info('expired holds', { expired });
  return { expired };
}
