import { z } from 'zod';
import { PERIOD_STATES } from '../domain/money/periods.js';
import { Cursor, PageLimit, SignedAmount } from './common.js';

export const ListPeriodsQuery = z.object({ limit: PageLimit, cursor: Cursor });
export type ListPeriodsQuery = z.output<typeof ListPeriodsQuery>;

export const Period = z
  .object({
    budgetId: z.string(),
    key: z.string(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    state: z.enum(PERIOD_STATES),
    limit: SignedAmount.meta({ description: 'Effective limit (the budget\'s, adjustments and rollover in); as at close once closed.' }),
    spent: SignedAmount,
    reserved: SignedAmount.meta({ description: 'Holds still held; once closed, those held at close (they count as used).' }),
    available: SignedAmount,
    utilization: z.number(),
    rolloverIn: SignedAmount.meta({ description: 'What the previous period\'s close carried in.' }),
    rolloverOut: SignedAmount.meta({ description: 'What this period\'s close carried into the next.' }),
    lateSpent: SignedAmount.meta({ description: 'Spend recorded into the period after it closed: late usage, corrections, and a charge\'s extra above its hold (a hold held at close counted as used then; its later charge up to the held amount is not late spend).' }),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'Period' });
export type Period = z.output<typeof Period>;

export const PeriodPage = z.object({ items: z.array(Period), nextCursor: z.string().nullable() }).meta({ id: 'PeriodPage' });
