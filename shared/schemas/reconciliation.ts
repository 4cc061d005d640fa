import { z } from 'zod';
import { LIMITS } from '../domain/common/limits.js';
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

/** Until cost sources exist (Cost actuals), there is nothing to compare recorded spend with. */
const NotYet = z.null().meta({ description: 'Always null today: actual provider spend comes with cost sources (`costSource`).' });

export const Reconciliation = z
  .object({
    budgetId: z.string(),
    periodKey: z.string(),
    checkedAt: z.string(),
    consistent: z.boolean(),
    counters: ReconciledFigures.meta({ description: 'The period counter: its effective limit, spent and reserved.' }),
    ledger: ReconciledFigures.meta({ description: 'The period\'s base limit plus the budget\'s own limitDeltas; the sums of spentDelta and reservedDelta of every entry that counted in it (own and descendants\').' }),
    drift: ReconciledFigures.meta({ description: 'counters − ledger; all zero when consistent.' }),
    actuals: NotYet,
    variance: NotYet,
  })
  .meta({ id: 'Reconciliation' });
export type Reconciliation = z.output<typeof Reconciliation>;
