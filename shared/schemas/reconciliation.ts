import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
import { COST_PROVIDERS } from '../domain/budgets/cost-source.js';
import { SignedAmount } from './common.js';

/** Reconciliation on the wire (API.md "Reconciliation and corrections"). */

export const ReconciliationQuery = z.object({
  periodKey: z
    .string()
    .min(1)
    .max(LIMITS.periodKeyLength)
    .optional()
    .meta({ description: 'The period to check, keyed as in status (`2026-11`, `2026-W48`, `2026-11-24`, `2026-Q4`, `2026`, `lifetime`, `custom`); default the one containing now.' }),
});
export type ReconciliationQuery = z.output<typeof ReconciliationQuery>;

const ReconciledFigures = z.object({ limit: SignedAmount, spent: SignedAmount, reserved: SignedAmount });

export const PeriodActuals = z
  .object({
    source: z.enum(COST_PROVIDERS),
    amount: SignedAmount.meta({ description: 'The provider\'s figures of the period\'s days, summed (the latest of each day).' }),
    asOf: z.string().nullable().meta({ description: 'When the latest of those days was imported; null while none is.' }),
    days: z.int().meta({ description: 'Days of the period with an imported figure.' }),
  })
  .nullable()
  .meta({ description: 'With a `costSource`: the provider\'s actual spend in the period (null without one).' });

export const PeriodVariance = z
  .object({
    amount: SignedAmount.meta({ description: 'actual − spent: positive when the provider billed more than was recorded.' }),
    percent: z.number().nullable().meta({ description: 'amount in percent of spent, to two decimals; null when spent is 0 and the actual is not.' }),
    withinTolerance: z.boolean().meta({ description: '|amount| is at most `costSource.tolerancePercent` of |spent|.' }),
  })
  .nullable()
  .meta({ description: 'Recorded spend against the provider\'s; null without a `costSource` or before any day of the period is imported.' });

export const Reconciliation = z
  .object({
    budgetId: z.string(),
    periodKey: z.string(),
    checkedAt: z.string(),
    consistent: z.boolean(),
    counters: ReconciledFigures.meta({ description: 'The period counter: its effective limit, spent and reserved.' }),
    ledger: ReconciledFigures.meta({ description: 'The period\'s base limit plus the budget\'s own limitDeltas; the sums of spentDelta and reservedDelta of every entry that counted in it (own and descendants\').' }),
    drift: ReconciledFigures.meta({ description: 'counters − ledger; all zero when consistent.' }),
    actuals: PeriodActuals,
    variance: PeriodVariance,
  })
  .meta({ id: 'Reconciliation' });
export type Reconciliation = z.output<typeof Reconciliation>;
