import { reaches, type CounterSnapshot } from '../alerts/alerts.js';
import type { AlertStore } from '../alerts/ports.js';
import type { BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { eachConcurrently } from '../common/concurrency.js';
import type { JobCursorStore, JobPosition } from '../common/job-cursor.js';
import type { BudgetForecast, BudgetForecaster } from './budget-forecast.js';
import type { ForecastSummaryStore } from './forecast-summary.js';

/** Budgets read per batch: the cursor moves after each. */
const JOB_BATCH_BUDGETS = 100;
/** Forecasts computed at once: CPU-bound (a few hundred ms each), so few. */
const FORECAST_CONCURRENCY = 2;
/** A run takes no new budget with less time than this left: a forecast that starts has time to end. */
const JOB_STOP_MARGIN_MS = 30_000;
/** API.md: a forecast alert resolves once the projection falls this many points under its threshold (no flapping). */
export const FORECAST_HYSTERESIS_POINTS = 5;
/** API.md: forecast alerts wait until the period has this many days of history, or this share of it has elapsed. */
export const FORECAST_MIN_HISTORY_DAYS = 3;
export const FORECAST_MIN_ELAPSED_SHARE = 0.2;

export interface ForecastRun {
  /** Budgets forecast (those with forecast thresholds). */
  forecast: number;
  fired: number;
  resolved: number;
  /** Budgets whose forecast failed (logged by the caller; the next pass tries again). */
  failed: number;
  failures: Array<{ budgetId: string; error: unknown }>;
  passComplete: boolean;
}

export interface ForecastJobDeps {
  budgets: BudgetStore;
  alerts: AlertStore;
  cursor: JobCursorStore;
  forecaster: BudgetForecaster;
  /** Where each forecast's summary is kept for the tenant's roll-up. */
  summaries: ForecastSummaryStore;
  nowMs: () => number;
}

/** True once the period has enough behind it for a forecast alert (API.md "Alerts"). */
export function forecastAlertsDue(forecast: BudgetForecast, budget: BudgetRecord): boolean {
  const { startMs, endMs } = forecast.period;
  const periodStartMs = Math.max(startMs ?? Date.parse(budget.createdAt), Date.parse(budget.createdAt));
  const daysInPeriod = forecast.daily.filter((day) => day.kind === 'actual').length;
  if (daysInPeriod >= FORECAST_MIN_HISTORY_DAYS) return true;
  if (endMs === null || startMs === null) return false;
  return (forecast.asOfMs - periodStartMs) / (endMs - startMs) >= FORECAST_MIN_ELAPSED_SHARE;
}

/**
 * The forecasting job (EventBridge Scheduler, hourly; every minute under `npm start`):
 * forecasts every active budget with forecast thresholds and fires or resolves its
 * `forecast` alerts. Exactly once per (budget, period, threshold): the alert store's
 * conditional writes, ordered by the forecast's time, decide; a projection within 5 points
 * under a threshold changes nothing. A run walks tenants and budgets from a cursor, stops
 * before its deadline, and the next run resumes there.
 */
export class ForecastJob {
  constructor(private readonly deps: ForecastJobDeps) {}

  async run(timeLeftMs: () => number): Promise<ForecastRun> {
    const run: ForecastRun = { forecast: 0, fired: 0, resolved: 0, failed: 0, failures: [], passComplete: false };
    const outOfTime = () => timeLeftMs() < JOB_STOP_MARGIN_MS;
    let { revision, position } = await this.deps.cursor.jobCursor();
    position ??= await this.tenantAfter(null);
    while (position !== null) {
      if (outOfTime()) return run;
      const next = await this.batch(position, run, outOfTime);
      if (next === 'stopped') return run;
      if (!(await this.deps.cursor.moveJobCursor(revision, next))) return run;
      revision += 1;
      position = next;
    }
    run.passComplete = true;
    return run;
  }

  private async batch(position: JobPosition, run: ForecastRun, outOfTime: () => boolean): Promise<JobPosition | null | 'stopped'> {
    const { tenantId } = position;
    const page = await this.deps.budgets.list(tenantId, { status: 'active' }, JOB_BATCH_BUDGETS, position.budgetsCursor ?? undefined);
    const wanted = page.items.filter((budget) => budget.forecastThresholds.length > 0);
    let done = 0;
    await eachConcurrently(wanted, FORECAST_CONCURRENCY, async (budget) => {
      try {
        await this.evaluate(budget, run);
      } catch (error) {
        run.failed += 1;
        run.failures.push({ budgetId: budget.id, error });
      }
      done += 1;
    }, outOfTime);
    // A batch cut short is done again by the next run: its alerts are idempotent.
    if (done < wanted.length) return 'stopped';
    return page.nextCursor ? { tenantId, budgetsCursor: page.nextCursor } : this.tenantAfter(tenantId);
  }

  private async evaluate(budget: BudgetRecord, run: ForecastRun): Promise<void> {
    const forecast = await this.deps.forecaster.forecast(budget.tenantId, budget.id);
    run.forecast += 1;
    await this.deps.summaries.save(budget.tenantId, {
      budgetId: budget.id, periodKey: forecast.period.key, projectedSpendMicros: forecast.projectedSpendMicros, exhaustionDate: forecast.exhaustion.date, asOfMs: forecast.asOfMs,
    });
    if (!forecastAlertsDue(forecast, budget)) return;
    // The alert rules read a counter: the projection stands in for spent, and the forecast's
    // time orders evaluations (a later one wins, a repeated one changes nothing).
    const projection: CounterSnapshot = {
      tenantId: budget.tenantId, budgetId: budget.id, periodKey: forecast.period.key, limitMicros: forecast.limitMicros,
      spentMicros: forecast.projectedSpendMicros, reservedMicros: 0n, movementCount: forecast.asOfMs, spentAtMs: null,
    };
    for (const threshold of budget.forecastThresholds) {
      if (reaches(projection, threshold)) {
        if (await this.deps.alerts.fire(projection, threshold, 'forecast', forecast.asOfMs)) run.fired += 1;
      } else if (!reaches(projection, Math.max(threshold - FORECAST_HYSTERESIS_POINTS, 0))) {
        if (await this.deps.alerts.resolve(projection, threshold, 'forecast', forecast.asOfMs)) run.resolved += 1;
      }
    }
  }

  private async tenantAfter(tenantId: string | null): Promise<JobPosition | null> {
    const next = await this.deps.cursor.tenantAfter(tenantId);
    return next === undefined ? null : { tenantId: next, budgetsCursor: null };
  }
}
