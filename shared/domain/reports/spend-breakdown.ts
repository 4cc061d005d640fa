/**
 * A period's spend by category and by provider, for a budget and its descendants (as its
 * counter counts spent): kept off the request path from the counters' movements (the stream
 * consumer), like the daily history, so a report reads one partition, never the ledger.
 * Usage carries both labels, a charge its reservation's category; corrections and imported
 * cost days carry none ("unspecified").
 */

export const BREAKDOWN_DIMENSIONS = ['category', 'provider'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** One counter movement's change of spent under its labels. */
export interface BreakdownMovement {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  /** The counter's movement count after the movement: strictly increasing, so a redelivery counts once. */
  movementCount: number;
  spentDeltaMicros: bigint;
  category: string | null;
  provider: string | null;
}

/** Spent under one label in one period (`name` null: no label was given). */
export interface BreakdownEntry {
  dimension: BreakdownDimension;
  name: string | null;
  spentMicros: bigint;
}

export interface SpendBreakdownStore {
  /**
   * Adds the movement under its category and its provider, each once: an entry remembers the
   * last movement it counted (one counter feeds it, in order), so a redelivered record changes nothing.
   */
  add(movement: BreakdownMovement): Promise<void>;
  /** Every entry of one period of a budget. */
  period(tenantId: string, budgetId: string, periodKey: string): Promise<BreakdownEntry[]>;
}
