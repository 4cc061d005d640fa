import type { DailySpendModel } from './daily-model.js';

/**
 * A budget's daily spend history: its `spent` (own and descendants', as status counts it)
 * by local day in the budget's time zone. Kept off the request path from the counters'
 * movements (the stream consumer), so a forecast reads O(days), never the ledger.
 */

/** One local day of spend. */
export interface SpendDay {
  /** `YYYY-MM-DD` in the budget's time zone. */
  date: string;
  spentMicros: bigint;
}

/** One counter movement's change of `spent`, dated to the local day its spend happened on. */
export interface SpendMovement {
  tenantId: string;
  budgetId: string;
  date: string;
  /** The counter the movement was on: every day is fed by the one counter of the period that contains it. */
  periodKey: string;
  /** The counter's movement count after the movement: strictly increasing, so a redelivery counts once. */
  movementCount: number;
  spentDeltaMicros: bigint;
}

/** A budget's fitted daily model as stored beside its history, with what it was fitted on. */
export interface StoredSpendModel {
  model: DailySpendModel;
  /** The last complete day the model saw: its first point is the day after. */
  throughDate: string;
  /**
   * The spend it saw from `checkFromDate` through `throughDate`: a later read of those days
   * that sums to anything else knows spend was backdated under the model, which is then refitted.
   */
  checkFromDate: string;
  checkSumMicros: bigint;
  fittedAtMs: number;
}

export interface SpendHistoryStore {
  /**
   * Adds the movement's delta to its day, once: a day remembers the last movement it
   * counted, and one at or before it (a redelivered stream record) changes nothing.
   * False when it was counted already.
   */
  add(movement: SpendMovement): Promise<boolean>;
  /** The days from `fromDate` to `toDate` (inclusive) that saw spend, oldest first. */
  days(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<SpendDay[]>;
  /** The days from `fromDate` to `toDate` (inclusive) with spend and the stored model, in one read. */
  daysAndModel(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<{ days: SpendDay[]; model: StoredSpendModel | null }>;
  /** Stores the model unless one fitted later is there already (the job and a request may both fit). */
  saveModel(tenantId: string, budgetId: string, model: StoredSpendModel): Promise<void>;
}
