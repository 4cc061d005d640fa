import { handler as expireHolds } from '../functions/jobs/expire-holds.js';
import { logger } from '../shared/logger.js';

/** How often the local stack sweeps expired holds (EventBridge Scheduler runs it every minute in AWS). */
export const LOCAL_EXPIRY_SWEEP_MS = 10_000;

/** The scheduled jobs of AWS, as timers that run the same handlers. */
export function startExpirySweeper(intervalMs = LOCAL_EXPIRY_SWEEP_MS): { stop(): void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await expireHolds();
    } catch (error) {
      logger.error('expiry sweep failed', { error });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
