import { z } from 'zod';
import { SCOPE_TYPES } from '../domain/budgets/budget.js';
import { BUDGET_STATES } from '../domain/money/status.js';
import { TREND_PERIODS_DEFAULT, TREND_PERIODS_MAX } from '../domain/reports/trend.js';
import { Budget } from './budgets.js';
import { Amount, Id, SignedAmount, TimestampMs } from './common.js';
import { PERIOD_FIGURE_FIELDS } from './money.js';
import { Alert } from './notices.js';
import { PeriodActuals, PeriodVariance } from './reconciliation.js';

/** Reports, trends and charts on the wire (API.md "Reports, trends and charts"). */

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const Format = z.enum(REPORT_FORMATS).optional().meta({ description: 'The answer\'s format; `Accept: text/csv` asks for CSV too. Default JSON.' });
/** Reports count calendar days: instants far outside any budget's life are refused rather than walked. */
const AT_EARLIEST_MS = Date.parse('1970-01-01T00:00:00Z');
const AT_LATEST_MS = Date.parse('9000-01-01T00:00:00Z');
const At = TimestampMs
  .refine((atMs) => atMs >= AT_EARLIEST_MS && atMs < AT_LATEST_MS, 'must be from 1970-01-01 to before 9000-01-01')
  .optional()
  .meta({ description: 'An instant of the period to report (default now), from 1970 to before 9000.' });

export const ReportQuery = z.object({ at: At, format: Format });
export type ReportQuery = z.output<typeof ReportQuery>;

export const RollupQuery = z.object({
  at: At,
  scopeType: z.enum(SCOPE_TYPES).optional(),
  parentId: Id.optional().meta({ description: 'Only the budgets below this one (any depth).' }),
  format: Format,
});
export type RollupQuery = z.output<typeof RollupQuery>;

export const TrendQuery = z.object({
  periods: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${TREND_PERIODS_MAX}`)
    .transform(Number)
    .pipe(z.int().min(1, 'must be at least 1').max(TREND_PERIODS_MAX, `must be at most ${TREND_PERIODS_MAX}`))
    .default(TREND_PERIODS_DEFAULT),
  at: At,
  format: Format,
});
export type TrendQuery = z.output<typeof TrendQuery>;

export const ChartQuery = z.object({ at: At });
export type ChartQuery = z.output<typeof ChartQuery>;

const ReportPeriod = z.object({ key: z.string(), start: z.string().nullable(), end: z.string().nullable() });
const Percent = z.number().nullable();

const ReportForecast = z
  .object({
    method: z.string(),
    asOf: z.string(),
    projectedSpend: Amount,
    projectedUtilization: z.number(),
    intervals: z.array(z.object({ level: z.int(), lower: Amount, upper: Amount })),
    probabilityOfExceeding: z.number(),
    exhaustionDate: z.string().nullable().meta({ description: 'Local date the p50 cumulative spend reaches the limit; null if not this period.' }),
  })
  .nullable()
  .meta({ description: 'For the period containing now; null for a past or future period.' });

export const BudgetReport = z
  .object({
    budget: Budget,
    period: ReportPeriod,
    currency: z.string(),
    limit: SignedAmount,
    spent: SignedAmount.meta({ description: 'Of the budget and its descendants.' }),
    reserved: SignedAmount,
    available: SignedAmount,
    utilization: z.number(),
    state: z.enum(BUDGET_STATES),
    variance: z.object({
      amount: SignedAmount.meta({ description: 'limit − spent: negative once spent is over the limit.' }),
      percent: Percent.meta({ description: 'amount in percent of the limit, to two decimals; null for a zero limit.' }),
    }),
    forecast: ReportForecast,
    categories: z.array(z.object({
      name: z.string().meta({ description: '`unspecified`: spend that carried no category (corrections, imported cost days, usage without one).' }),
      planned: Amount.nullable().meta({ description: 'The budget\'s plan for the category; null for spend under a category it has no plan for.' }),
      spent: SignedAmount.meta({ description: 'Usage and charges of the budget and its descendants under the category.' }),
      variance: SignedAmount.nullable().meta({ description: 'planned − spent; null without a plan.' }),
      share: Percent.meta({ description: 'Percent of the period\'s spent; null while nothing is spent.' }),
    })),
    providers: z.array(z.object({ name: z.string(), spent: SignedAmount })),
    children: z.array(z.object({ budgetId: z.string(), name: z.string(), periodKey: z.string(), limit: SignedAmount, spent: SignedAmount, utilization: z.number() })),
    daily: z.array(z.object({ date: z.string(), spent: SignedAmount })).meta({ description: 'Each local day of the period up to today (or its end): spend of the budget and its descendants.' }),
    alerts: z.array(Alert),
    actuals: PeriodActuals,
    actualsVariance: PeriodVariance,
    generatedAt: z.string(),
  })
  .meta({ id: 'BudgetReport' });
export type BudgetReport = z.output<typeof BudgetReport>;

export const RollupRow = z
  .object({
    budgetId: z.string(),
    name: z.string(),
    path: z.array(z.string()).meta({ description: 'Names from the root down to this budget.' }),
    depth: z.int().meta({ description: '1 for a root.' }),
    parentId: z.string().nullable(),
    scopeType: z.enum(SCOPE_TYPES),
    scopeId: z.string(),
    currency: z.string(),
    periodKey: z.string(),
    ...PERIOD_FIGURE_FIELDS,
    projectedSpend: Amount.nullable().meta({ description: 'The forecasting job\'s last projection of this period (hourly); null before the first, or for a budget without forecast thresholds.' }),
    exhaustionDate: z.string().nullable(),
  })
  .meta({ id: 'RollupRow' });

export const Rollup = z
  .object({ items: z.array(RollupRow), generatedAt: z.string() })
  .meta({ id: 'Rollup', description: 'Every active budget (or those the filters keep), parents before children.' });
export type Rollup = z.output<typeof Rollup>;

export const TrendPoint = z
  .object({
    periodKey: z.string(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    state: z.enum(['open', 'closed']),
    limit: SignedAmount,
    spent: SignedAmount,
    utilization: z.number(),
    rolloverIn: SignedAmount,
  })
  .meta({ id: 'TrendPoint' });

export const Trend = z
  .array(TrendPoint)
  .meta({ id: 'Trend', description: 'The last periods, oldest first: closed ones as frozen at close, the open ones live; none that ended before the budget was created.' });
export type Trend = z.output<typeof Trend>;
