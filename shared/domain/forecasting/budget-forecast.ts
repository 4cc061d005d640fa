import type { BudgetStore } from '../budgets/ports.js';
import type { BudgetRecord } from '../budgets/budget.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf } from '../money/records.js';
import { statusFigures } from '../money/status.js';
import { periodContaining, type PeriodWindow } from '../periods/period.js';
import { DEFAULT_LEVELS } from './forecast-series.js';
import type { ReportedMethod } from './model.js';
import { fitDailySpendModel, historyForFit, type DailySpendModel } from './daily-model.js';
import { projectionHorizon, projectWithModel, type PartialToday } from './project-period.js';
import type { SpendDay, SpendHistoryStore, StoredSpendModel } from './spend-history.js';

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
  /** From today on: cumulative spend (spent to date included) at each day's end, p50 with every level's bounds (the burn-up chart's cone). */
  cumulative: Array<{ date: string; p50Micros: bigint; bounds: ForecastBound[] }>;
  history: { from: string; to: string; days: number };
}

export interface BudgetForecastDeps {
  budgets: Pick<BudgetStore, 'get'>;
  money: MoneyStore;
  history: SpendHistoryStore;
  nowMs: () => number;
}

/**
 * The forecast of a budget's period (API.md "Forecasts"): its daily spend (own and
 * descendants', local days) over up to a year, projected to the period end. Fitting the
 * model (selection by backtest, calibration) costs a few hundred ms, so the fitted model is
 * kept beside the history and only refitted when a day has passed or spend was backdated
 * into the period under it; a request reads the budget, one counter and the period's days
 * with the model in one query, and projects with the live figures. Never the ledger.
 */
export class BudgetForecaster {
  constructor(private readonly deps: BudgetForecastDeps) {}

  async forecast(tenantId: string, budgetId: string, options: { atMs?: number; levels?: readonly number[] } = {}): Promise<BudgetForecast> {
    const nowMs = this.deps.nowMs();
    const asOfMs = options.atMs ?? nowMs;
    const levels = [...(options.levels ?? DEFAULT_LEVELS)].sort((a, b) => a - b);
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const window = periodContaining(budget.period, asOfMs);
    if (!window) throw new ValidationError([{ pointer: '/query/at', detail: 'is outside the budget\'s custom period' }]);
    const today = localDate(budget, asOfMs);
    const historyFrom = maxDate(localDate(budget, Math.min(Date.parse(budget.createdAt), asOfMs)), addDays(today, -(FORECAST_HISTORY_DAYS - 1)));
    const periodStart = window.startMs === null ? historyFrom : localDate(budget, Math.max(window.startMs, Date.parse(budget.createdAt)));
    const [counters, recent] = await Promise.all([
      this.deps.money.counters(tenantId, [{ budgetId, periodKey: window.key }]),
      this.deps.history.daysAndModel(tenantId, budgetId, periodStart, today),
    ]);
    const figures = statusFigures(budget, window, counters.get(counterKeyOf({ budgetId, periodKey: window.key })), asOfMs);
    const spentOn = new Map(recent.days.map((day) => [day.date, day.spentMicros]));
    const lastDay = window.endMs === null ? addDays(today, LIFETIME_HORIZON_DAYS) : localDate(budget, Math.max(window.endMs - 1, asOfMs));
    const daysRemaining = Math.max(0, daysBetween(today, lastDay));
    const partialToday: PartialToday = { spentSoFar: toUnits(spentOn.get(today) ?? 0n), elapsedShare: elapsedShareOfDay(budget, asOfMs) };
    const projectionBase = { spentToDate: toUnits(figures.spentMicros), limit: toUnits(figures.limitMicros), daysRemaining, today: partialToday, levels };
    const model = await this.model(budget, { today, historyFrom, periodStart, periodDays: recent.days, stored: recent.model, horizon: projectionHorizon(projectionBase), store: asOfMs === nowMs || localDate(budget, nowMs) === today });
    const projection = projectWithModel(model, projectionBase);
    const dateAt = (index: number | null) => (index === null ? null : addDays(today, index));
    const actual: ForecastDay[] = [];
    for (let date = periodStart; date < today; date = addDays(date, 1)) actual.push({ date, kind: 'actual', spentMicros: spentOn.get(date) ?? 0n });
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
      cumulative: projection.cumulative.map((point, index) => ({
        date: addDays(today, index),
        p50Micros: toMicros(point.forecast),
        bounds: point.intervals.map((bound) => ({ level: bound.level, lowerMicros: toMicros(bound.lower), upperMicros: toMicros(bound.upper) })),
      })),
      history: { from: historyFrom, to: today, days: daysBetween(historyFrom, today) + 1 },
    };
  }

  /**
   * The daily model for the days after yesterday: the stored one while it still stands (fitted
   * through yesterday on the period's days as they are now, far enough ahead), else a new fit
   * on the complete days, stored for the next request when it forecasts today.
   */
  private async model(budget: BudgetRecord, read: ModelRead): Promise<DailySpendModel> {
    const yesterday = addDays(read.today, -1);
    const checkSumMicros = read.periodDays.reduce((sum, day) => (day.date < read.today ? sum + day.spentMicros : sum), 0n);
    const { stored } = read;
    if (stored && stored.throughDate === yesterday && stored.checkFromDate === read.periodStart && stored.checkSumMicros === checkSumMicros
      && stored.model.points.length >= read.horizon) {
      return stored.model;
    }
    const complete = read.today > read.historyFrom ? await this.dailySpend(budget, read.historyFrom, yesterday) : [];
    const history = historyForFit(complete.map(toUnits), toUnits(read.periodDays.find((day) => day.date === read.today)?.spentMicros ?? 0n));
    const model = fitDailySpendModel(history, Math.max(read.horizon, 1));
    if (read.store) {
      await this.deps.history.saveModel(budget.tenantId, budget.id, { model, throughDate: yesterday, checkFromDate: read.periodStart, checkSumMicros, fittedAtMs: this.deps.nowMs() });
    }
    return model;
  }

  /** Daily spend from `from` to `to` (inclusive), zeros where nothing was spent. */
  private async dailySpend(budget: BudgetRecord, from: string, to: string): Promise<bigint[]> {
    const days = await this.deps.history.days(budget.tenantId, budget.id, from, to);
    const byDate = new Map(days.map((day) => [day.date, day.spentMicros]));
    const values: bigint[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) values.push(byDate.get(date) ?? 0n);
    return values;
  }
}

interface ModelRead {
  today: string;
  historyFrom: string;
  periodStart: string;
  /** The days read from the period's start to today. */
  periodDays: readonly SpendDay[];
  stored: StoredSpendModel | null;
  /** Days the projection needs from today. */
  horizon: number;
  /** Whether a new fit is kept (a forecast as of another day's history is not). */
  store: boolean;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** Share of the budget's local day (23, 24 or 25 hours) gone by at an instant. */
function elapsedShareOfDay(budget: BudgetRecord, atMs: number): number {
  const day = periodContaining({ type: 'daily', timezone: budget.period.timezone }, atMs)!;
  return Math.min(1, Math.max(0, (atMs - day.startMs!) / (day.endMs! - day.startMs!)));
}

/** The local date of an instant in the budget's zone. */
function localDate(budget: BudgetRecord, atMs: number): string {
  return periodContaining({ type: 'daily', timezone: budget.period.timezone }, atMs)!.key;
}
