import type { CounterRecord } from '../money/records.js';
import type { PeriodActuals, Variance } from './variance.js';

/** The three figures a period counter keeps that the ledger must explain, in micro-units. */
export interface Figures {
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
}

/** What the ledger entries naming one counter add up to (`limitDelta` only from the budget's own entries). */
export interface LedgerSums {
  spentMicros: bigint;
  reservedMicros: bigint;
  limitDeltaMicros: bigint;
}

export const NO_SUMS: Readonly<LedgerSums> = { spentMicros: 0n, reservedMicros: 0n, limitDeltaMicros: 0n };

/**
 * One check of one (budget, period) counter against the ledger (API.md "Reconciliation"):
 * `drift` = counters − ledger, so a positive figure is what the counter holds that no entry
 * explains.
 */
export interface Reconciliation {
  budgetId: string;
  periodKey: string;
  checkedAtMs: number;
  /** The counter: its effective limit (base + limitDelta), spent and reserved; none stored yet reads as nothing moved. */
  counters: Figures;
  /** The period's base limit plus the budget's own `limitDelta`s, and the sums of every entry naming the counter. */
  ledger: Figures;
  drift: Figures;
  /** The counter's stored headroom (`available`) is base + limitDelta − spent − reserved, as conditions rely on. */
  availableCoherent: boolean;
  /** No drift and a coherent headroom: what API.md calls `consistent`. */
  matches: boolean;
  /** With a `costSource`: the provider's days of the period, and recorded spend against them (null without one). */
  actuals: PeriodActuals | null;
  variance: Variance | null;
}

/**
 * Compares a counter with its ledger sums. The base limit is the counter's own (a period
 * keeps the limit it took; an ended one never takes a new one), or the budget's limit when
 * nothing has moved the period yet, so the limit figures differ exactly by the deltas.
 */
export function compare(
  at: { budgetId: string; periodKey: string; checkedAtMs: number },
  counter: CounterRecord | undefined,
  budgetLimitMicros: bigint,
  sums: LedgerSums,
): Reconciliation {
  const baseMicros = counter?.baseLimitMicros ?? budgetLimitMicros;
  const counters: Figures = {
    limitMicros: baseMicros + (counter?.limitDeltaMicros ?? 0n),
    spentMicros: counter?.spentMicros ?? 0n,
    reservedMicros: counter?.reservedMicros ?? 0n,
  };
  const ledger: Figures = { limitMicros: baseMicros + sums.limitDeltaMicros, spentMicros: sums.spentMicros, reservedMicros: sums.reservedMicros };
  const drift: Figures = {
    limitMicros: counters.limitMicros - ledger.limitMicros,
    spentMicros: counters.spentMicros - ledger.spentMicros,
    reservedMicros: counters.reservedMicros - ledger.reservedMicros,
  };
  const availableCoherent = counter === undefined
    || counter.availableMicros === counters.limitMicros - counters.spentMicros - counters.reservedMicros;
  const noDrift = drift.limitMicros === 0n && drift.spentMicros === 0n && drift.reservedMicros === 0n;
  return { ...at, counters, ledger, drift, availableCoherent, matches: noDrift && availableCoherent, actuals: null, variance: null };
}
