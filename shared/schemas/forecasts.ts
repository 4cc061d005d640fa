import { z } from 'zod';
import type { ForecastSeriesRequest } from '../domain/forecasting/index.js';

/** A stateless forecast request: the series and how its steps are labelled. */
export type SeriesForecastRequest = ForecastSeriesRequest & { granularity: 'day' | 'month'; start: string };
import { SignedAmount, SignedAmountMicros, TimestampMs } from './common.js';

/** Interval levels in a query: `80,95`, each a whole percent in 50..99, at most 5, no repeats. */
const LevelsParam = z
  .string()
  .regex(/^\d{1,2}(,\d{1,2}){0,4}$/, 'must be up to 5 comma-separated whole percents, e.g. 80,95')
  .transform((text) => text.split(',').map(Number))
  .pipe(z.array(z.int().min(50, 'each level must be at least 50').max(99, 'each level must be at most 99'))
    .refine((levels) => new Set(levels).size === levels.length, 'levels must not repeat'))
  .meta({ description: 'Interval levels in percent, comma-separated, each 50..99 (default 80,95).' });

export const ForecastQuery = z.object({ at: TimestampMs.optional(), levels: LevelsParam.optional() });
export type ForecastQuery = z.output<typeof ForecastQuery>;

const Interval = z.object({ level: z.int(), lower: SignedAmount, upper: SignedAmount });

export const BudgetForecast = z
  .object({
    budgetId: z.string(),
    currency: z.string(),
    periodKey: z.string(),
    periodEnd: z.string().nullable().meta({ description: 'null for a lifetime budget (its forecast looks 30 days ahead).' }),
    asOf: z.string(),
    method: z.string().meta({ description: 'The model actually used: a named method, `comb` (SES, damped Holt and Theta combined), `ensemble`, or `run_rate` with under 3 days of history.' }),
    limit: SignedAmount,
    spentToDate: SignedAmount,
    reserved: SignedAmount,
    projectedSpend: SignedAmount.meta({ description: 'p50 of spent at period end.' }),
    intervals: z.array(Interval),
    projectedUtilization: z.number(),
    probabilityOfExceeding: z.number().min(0).max(1),
    exhaustion: z.object({ date: z.string().nullable(), earliest: z.string().nullable(), latest: z.string().nullable() }),
    daily: z.array(z.union([
      z.object({ date: z.string(), actual: SignedAmount }),
      z.object({ date: z.string(), forecast: SignedAmount, lower: SignedAmount, upper: SignedAmount }),
    ])).meta({ description: 'The period by local day: actual spend before today, then the forecast of each day from today with the first level\'s bounds.' }),
    history: z.object({ from: z.string(), to: z.string(), days: z.int() }),
  })
  .meta({ id: 'BudgetForecast' });
export type BudgetForecast = z.output<typeof BudgetForecast>;

const FORECAST_METHODS = ['auto', 'naive', 'seasonal_naive', 'drift', 'moving_average', 'linear', 'ses', 'holt', 'holt_winters', 'theta'] as const;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A stateless forecast of any series (planning from external history): numbers in, numbers out, no side effects. */
export const CreateForecastBody = z
  .strictObject({
    granularity: z.enum(['day', 'month']),
    start: z.string().meta({ description: 'The first value\'s day (`2026-01-01`) or month (`2026-01`), as the granularity says.' }),
    values: z.array(SignedAmountMicros).min(1, 'must hold at least one value').max(3660, 'must hold at most 3660 values'),
    horizon: z.int().min(1).max(366),
    levels: z.array(z.int().min(50).max(99)).min(1).max(5).refine((levels) => new Set(levels).size === levels.length, 'levels must not repeat').optional(),
    method: z.enum(FORECAST_METHODS).optional(),
    growthPercent: z.number().min(-100).max(1000).optional().meta({ description: 'A planned change over the horizon, in percent (15 = +15 % by its last step), reached linearly.' }),
  })
  .superRefine((body, ctx) => {
    const pattern = body.granularity === 'day' ? DAY : MONTH;
    const valid = pattern.test(body.start) && (body.granularity === 'month' || new Date(`${body.start}T00:00:00Z`).toISOString().startsWith(body.start));
    if (!valid) ctx.addIssue({ code: 'custom', path: ['start'], message: body.granularity === 'day' ? 'must be a date such as 2026-01-01' : 'must be a month such as 2026-01' });
  })
  .meta({ id: 'CreateForecast' })
  .transform(({ granularity, start, values, horizon, levels, method, growthPercent }): SeriesForecastRequest => ({
    granularity, start, horizon,
    values: values.map((micros) => Number(micros) / 1_000_000),
    seasonalPeriod: granularity === 'day' ? 7 : 12,
    ...(levels !== undefined && { levels }),
    ...(method !== undefined && { method }),
    ...(growthPercent !== undefined && { growthPercent }),
  }));
export type CreateForecastBody = z.output<typeof CreateForecastBody>;

const PointForecast = z.object({ forecast: SignedAmount, intervals: z.array(Interval) });

export const SeriesForecast = z
  .object({
    method: z.string(),
    seasonality: z.int().nullable().meta({ description: '7 (weekly, daily data) or 12 (yearly, monthly data) when the seasonality test found it, else null.' }),
    points: z.array(PointForecast.extend({ period: z.string() })),
    total: PointForecast,
    backtest: z.object({
      mase: z.number(),
      baselineMase: z.number(),
      baseline: z.literal('seasonal_naive'),
      coverage: z.record(z.string(), z.number()),
    }).nullable(),
  })
  .meta({ id: 'SeriesForecast' });
export type SeriesForecast = z.output<typeof SeriesForecast>;
