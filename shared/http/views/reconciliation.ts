import { formatAmount } from '../../domain/common/index.js';
import type { Figures, Reconciliation as ReconciliationCheck } from '../../domain/reconciliation/index.js';
import type { Reconciliation } from '../../schemas/reconciliation.js';

const figuresView = (figures: Figures) => ({
  limit: formatAmount(figures.limitMicros),
  spent: formatAmount(figures.spentMicros),
  reserved: formatAmount(figures.reservedMicros),
});

/** A reconciliation as API.md shows it; `consistent` is the domain's `matches` (no drift, coherent headroom). */
export function reconciliationView(check: ReconciliationCheck): Reconciliation {
  return {
    budgetId: check.budgetId,
    periodKey: check.periodKey,
    checkedAt: new Date(check.checkedAtMs).toISOString(),
    consistent: check.matches,
    counters: figuresView(check.counters),
    ledger: figuresView(check.ledger),
    drift: figuresView(check.drift),
    actuals: check.actuals && {
      source: check.actuals.source,
      amount: formatAmount(check.actuals.amountMicros),
      asOf: check.actuals.asOfMs === null ? null : new Date(check.actuals.asOfMs).toISOString(),
      days: check.actuals.days,
    },
    variance: check.variance && {
      amount: formatAmount(check.variance.amountMicros),
      percent: check.variance.percent,
      withinTolerance: check.variance.withinTolerance,
    },
  };
}
