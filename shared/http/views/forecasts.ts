import { formatAmount } from '../../domain/common/index.js';
import type { BudgetForecast as BudgetForecastRecord } from '../../domain/forecasting/budget-forecast.js';
import type { Interval, SeriesForecast as SeriesForecastRecord } from '../../domain/forecasting/index.js';
import type { BudgetForecast, SeriesForecast } from '../../schemas/forecasts.js';
import { isoOrNull } from './money.js';

export function budgetForecastView(forecast: BudgetForecastRecord): BudgetForecast {
  return {
    budgetId: forecast.budgetId,
    currency: forecast.currency,
    periodKey: forecast.period.key,
    periodEnd: isoOrNull(forecast.period.endMs),
    asOf: new Date(forecast.asOfMs).toISOString(),
    method: forecast.method,
    limit: formatAmount(forecast.limitMicros),
    spentToDate: formatAmount(forecast.spentMicros),
    reserved: formatAmount(forecast.reservedMicros),
    projectedSpend: formatAmount(forecast.projectedSpendMicros),
    intervals: forecast.intervals.map((bound) => ({ level: bound.level, lower: formatAmount(bound.lowerMicros), upper: formatAmount(bound.upperMicros) })),
    projectedUtilization: forecast.projectedUtilization,
    probabilityOfExceeding: forecast.probabilityOfExceeding,
    exhaustion: forecast.exhaustion,
    daily: forecast.daily.map((day) => (day.kind === 'actual'
      ? { date: day.date, actual: formatAmount(day.spentMicros) }
      : { date: day.date, forecast: formatAmount(day.forecastMicros), lower: formatAmount(day.lowerMicros), upper: formatAmount(day.upperMicros) })),
    history: forecast.history,
  };
}

const MICROS_PER_UNIT = 1_000_000;
/** A forecast figure as an amount: estimates, rounded to the micro. */
const amountOf = (units: number) => formatAmount(BigInt(Math.round(units * MICROS_PER_UNIT)));
const intervalsOf = (intervals: readonly Interval[]) => intervals.map((bound) => ({ level: bound.level, lower: amountOf(bound.lower), upper: amountOf(bound.upper) }));

/** The label of the step `index` after the series' first value: a day or a month. */
function periodLabel(granularity: 'day' | 'month', start: string, index: number): string {
  if (granularity === 'day') return new Date(Date.parse(`${start}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);
  const [year, month] = start.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + index, 1)).toISOString().slice(0, 7);
}

export function seriesForecastView(forecast: SeriesForecastRecord, request: { granularity: 'day' | 'month'; start: string; valueCount: number }): SeriesForecast {
  return {
    method: forecast.method,
    seasonality: forecast.seasonality,
    points: forecast.points.map((point, index) => ({
      period: periodLabel(request.granularity, request.start, request.valueCount + index), forecast: amountOf(point.forecast), intervals: intervalsOf(point.intervals),
    })),
    total: { forecast: amountOf(forecast.total.forecast), intervals: intervalsOf(forecast.total.intervals) },
    backtest: forecast.backtest && {
      mase: round(forecast.backtest.mase), baselineMase: round(forecast.backtest.baselineMase), baseline: forecast.backtest.baseline, coverage: forecast.backtest.coverage,
    },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
