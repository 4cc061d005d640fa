import type { BudgetEvent } from '../schemas/events.js';

/** Where the stream consumer sends events: SNS in AWS, the local Slack/console delivery under `npm start`. */
export interface EventPublisher {
  publish(event: BudgetEvent): Promise<void>;
}

/**
 * Remembers which events were delivered, so a redelivered event (SNS and the stream are
 * at least once) posts once. A claim is a lease: a delivery that crashed mid-way can be
 * retried after `leaseMs`.
 */
export interface DeliveryLog {
  /** `claimed`: deliver it now; `delivered`: already done; `busy`: another delivery holds the lease. */
  claim(tenantId: string, eventId: string, leaseMs: number, nowMs: number): Promise<'claimed' | 'delivered' | 'busy'>;
  markDelivered(tenantId: string, eventId: string, nowMs: number): Promise<void>;
  /** Gives the lease up after a failed delivery, so a retry can claim it at once. */
  abandon(tenantId: string, eventId: string): Promise<void>;
}
