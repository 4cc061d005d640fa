import { formatAmount } from '../../domain/common/index.js';
import { localDate, windowDates, type BudgetReport } from '../../domain/reports/index.js';
import type { BurnUpChart } from './chart.js';

const MICROS_PER_UNIT = 1_000_000;
/** Drawing only: a position on the chart, never an amount anyone reads (those come formatted). */
const units = (micros: bigint) => Number(micros) / MICROS_PER_UNIT;

/**
 * The burn-up chart of a report's period: cumulative spend by local day up to today, the
 * forecast's cumulative p50 with its 80 % and 95 % cone from today to the period end, the
 * limit and the thresholds. The figures in words are the report's, exact.
 */
export function burnUpOf(report: BudgetReport): BurnUpChart {
  const { budget, figures, forecast } = report;
  const dates = windowDates(budget, figures.period, report.generatedAtMs);
  const today = localDate(budget, report.generatedAtMs);
  // The daily series covers the period's shown days; a day before the budget existed spent nothing.
  let cumulativeMicros = figures.spentMicros - report.daily.reduce((sum, day) => sum + day.spentMicros, 0n);
  if (cumulativeMicros < 0n || dates.through === null) cumulativeMicros = 0n;
  const actual = report.daily.map((day) => {
    cumulativeMicros += day.spentMicros;
    return { date: day.date, cumulative: units(cumulativeMicros) };
  });
  const bound = (bounds: ReadonlyArray<{ level: number; lowerMicros: bigint; upperMicros: bigint }>, level: number) =>
    bounds.find((each) => each.level === level) ?? { lowerMicros: 0n, upperMicros: 0n };
  const interval = (level: number) => {
    const found = forecast?.intervals.find((each) => each.level === level);
    return found ? { lower: formatAmount(found.lowerMicros), upper: formatAmount(found.upperMicros) } : null;
  };
  return {
    budgetName: budget.name,
    currency: budget.currency,
    periodKey: figures.period.key,
    dates: dates.all.length > 0 ? dates.all : [report.daily[0]?.date ?? new Date(report.generatedAtMs).toISOString().slice(0, 10)],
    actual,
    forecast: forecast && forecast.cumulative.filter((point) => dates.all.includes(point.date)).map((point) => ({
      date: point.date,
      p50: units(point.p50Micros),
      lower80: units(bound(point.bounds, 80).lowerMicros),
      upper80: units(bound(point.bounds, 80).upperMicros),
      lower95: units(bound(point.bounds, 95).lowerMicros),
      upper95: units(bound(point.bounds, 95).upperMicros),
    })),
    limit: units(figures.limitMicros),
    thresholds: budget.thresholds.map((percent) => ({ percent, amount: units(figures.limitMicros) * percent / 100 })),
    today: dates.all.includes(today) ? today : null,
    figures: {
      spent: formatAmount(figures.spentMicros),
      limit: formatAmount(figures.limitMicros),
      utilizationPercent: figures.utilization,
      projected: forecast ? formatAmount(forecast.projectedSpendMicros) : null,
      projected80: interval(80),
      projected95: interval(95),
      exhaustionDate: forecast?.exhaustion.date ?? null,
    },
  };
}
