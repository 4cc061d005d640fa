import type { BudgetStore } from '../budgets/ports.js';
import type { BudgetRecord } from '../budgets/budget.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf } from '../money/records.js';
import { statusFigures } from '../money/status.js';
import { periodContaining, type PeriodWindow } from '../periods/period.js';
import { DEFAULT_LEVELS } from './forecast-series.js';
import type { ReportedMethod } from './model.js';
import { projectPeriod } from './project-period.js';
import type { SpendHistoryStore } from './spend-history.js';

/** Days of history a budget forecast reads at most: a year holds every weekly pattern and a yearly one's own period. */
export const FORECAST_HISTORY_DAYS = 365;
/** A lifetime budget has no period end: its forecast looks this many days ahead. */
export const LIFETIME_HORIZON_DAYS = 30;

const DAY_MS = 86_400_000;
const MICROS_PER_UNIT = 1_000_000;

/** A date key `YYYY-MM-DD` moved by whole calendar days (keys name days, not instants). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const toUnits = (micros: bigint) => Number(micros) / MICROS_PER_UNIT;
/** A forecast figure back to micro-units: estimates, rounded to the micro. */
const toMicros = (units: number) => BigInt(Math.round(units * MICROS_PER_UNIT));

export interface ForecastBound {
  level: number;
  lowerMicros: bigint;
  upperMicros: bigint;
}

export type ForecastDay =
  | { date: string; kind: 'actual'; spentMicros: bigint }
  | { date: string; kind: 'forecast'; forecastMicros: bigint; lowerMicros: bigint; upperMicros: bigint };

export interface BudgetForecast {
  budgetId: string;
  currency: string;
  period: PeriodWindow;
  asOfMs: number;
  method: ReportedMethod;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  projectedSpendMicros: bigint;
  intervals: ForecastBound[];
  /** Percent of the limit, like status. */
  projectedUtilization: number;
  probabilityOfExceeding: number;
  /** Local dates (`YYYY-MM-DD`) when cumulative spend reaches the limit: p50, and from the widest level's upper and lower bounds. */
  exhaustion: { date: string | null; earliest: string | null; latest: string | null };
  /** The period's days: actual spend up to yesterday, then today onwards the forecast with the first level's bounds. */
  daily: ForecastDay[];
  history: { from: string; to: string; days: number };
}

export interface BudgetForecastDeps {
  budgets: BudgetStore;
  money: MoneyStore;
  history: SpendHistoryStore;
  nowMs: () => number;
}

/**
 * The forecast of a budget's period (API.md "Forecasts"): its daily spend (own and
 * descendants', local days) over up to a year, projected to the period end by the
 * forecasting models; reads the budget, one counter and O(days) history, never the ledger.
 */
export class BudgetForecaster {
  constructor(private readonly deps: BudgetForecastDeps) {}

  async forecast(tenantId: string, budgetId: string, options: { atMs?: number; levels?: readonly number[] } = {}): Promise<BudgetForecast> {
    const asOfMs = options.atMs ?? this.deps.nowMs();
    const levels = [...(options.levels ?? DEFAULT_LEVELS)].sort((a, b) => a - b);
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const window = periodContaining(budget.period, asOfMs);
    if (!window) throw new ValidationError([{ pointer: '/query/at', detail: 'is outside the budget\'s custom period' }]);
    const [counters, dailySpend] = await Promise.all([
      this.deps.money.counters(tenantId, [{ budgetId, periodKey: window.key }]),
      this.history(budget, asOfMs),
    ]);
    const figures = statusFigures(budget, window, counters.get(counterKeyOf({ budgetId, periodKey: window.key })), asOfMs);
    const today = dailySpend.to;
    const lastDay = window.endMs === null ? addDays(today, LIFETIME_HORIZON_DAYS) : localDate(budget, Math.max(window.endMs - 1, asOfMs));
    const projection = projectPeriod({
      dailySpend: dailySpend.values.map(toUnits),
      lastDayPartial: true,
      spentToDate: toUnits(figures.spentMicros),
      limit: toUnits(figures.limitMicros),
      daysRemaining: Math.max(0, daysBetween(today, lastDay)),
      levels,
    });
    const dateAt = (index: number | null) => (index === null ? null : addDays(today, index));
    const periodStart = window.startMs === null ? dailySpend.from : localDate(budget, Math.max(window.startMs, Date.parse(budget.createdAt)));
    const actual: ForecastDay[] = [];
    for (let date = periodStart, index = daysBetween(dailySpend.from, periodStart); date < today; date = addDays(date, 1), index++) {
      if (index >= 0) actual.push({ date, kind: 'actual', spentMicros: dailySpend.values[index] ?? 0n });
    }
    const projectedSpendMicros = toMicros(projection.projectedSpend);
    return {
      budgetId,
      currency: budget.currency,
      period: window,
      asOfMs,
      method: projection.method,
      limitMicros: figures.limitMicros,
      spentMicros: figures.spentMicros,
      reservedMicros: figures.reservedMicros,
      projectedSpendMicros,
      intervals: projection.intervals.map((bound) => ({ level: bound.level, lowerMicros: toMicros(bound.lower), upperMicros: toMicros(bound.upper) })),
      projectedUtilization: figures.limitMicros > 0n ? Math.round((projection.projectedSpend / toUnits(figures.limitMicros)) * 10_000) / 100 : 0,
      probabilityOfExceeding: Math.round(projection.probabilityOfExceeding * 1000) / 1000,
      exhaustion: { date: dateAt(projection.exhaustion.index), earliest: dateAt(projection.exhaustion.earliest), latest: dateAt(projection.exhaustion.latest) },
      daily: [
        ...actual,
        ...projection.daily.map((point, index): ForecastDay => {
          const bound = point.intervals[0]!;
          return { date: addDays(today, index), kind: 'forecast', forecastMicros: toMicros(point.forecast), lowerMicros: toMicros(bound.lower), upperMicros: toMicros(bound.upper) };
        }),
      ],
      history: { from: dailySpend.from, to: today, days: dailySpend.values.length },
    };
  }

  /** Daily spend from the budget's first local day (at most a year back) to today's (partial), zeros where nothing was spent. */
  private async history(budget: BudgetRecord, asOfMs: number): Promise<{ from: string; to: string; values: bigint[] }> {
    const to = localDate(budget, asOfMs);
    const created = localDate(budget, Math.min(Date.parse(budget.createdAt), asOfMs));
    const earliest = addDays(to, -(FORECAST_HISTORY_DAYS - 1));
    const from = created > earliest ? created : earliest;
    const days = await this.deps.history.days(budget.tenantId, budget.id, from, to);
    const byDate = new Map(days.map((day) => [day.date, day.spentMicros]));
    const values: bigint[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) values.push(byDate.get(date) ?? 0n);
    return { from, to, values };
  }
}

/** The local date of an instant in the budget's zone. */
function localDate(budget: BudgetRecord, atMs: number): string {
  return periodContaining({ type: 'daily', timezone: budget.period.timezone }, atMs)!.key;
}
