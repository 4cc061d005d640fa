import asciichart from 'asciichart';
import type { Colors } from 'picocolors/types.js';
import type { AnswerOf } from './client.js';

type BudgetForecast = AnswerOf<'getBudgetForecast'>;

/** About this many columns of plot, whatever the period's length (a day may take several). */
const PLOT_COLUMNS = 60;
const PLOT_ROWS = 10;

/**
 * The forecast as a small terminal chart: cumulative spend to date, then the p50 forecast to the
 * period end, and the limit. A display only: amounts become numbers here, never for arithmetic.
 */
export function forecastChart(forecast: BudgetForecast, colors: Colors): string {
  const actual: number[] = [];
  const path: number[] = [];
  let total = 0;
  for (const day of forecast.daily) {
    total += Number('actual' in day ? day.actual : day.forecast);
    if ('actual' in day) actual.push(total);
    path.push(total);
  }
  if (path.length === 0) return '';
  const limit = Number(forecast.limit);
  const repeat = Math.max(1, Math.floor(PLOT_COLUMNS / path.length));
  const stretch = (series: number[]) => series.flatMap((value) => Array<number>(repeat).fill(value));
  const series = [stretch(path.map(() => limit)), stretch(path), stretch(actual)].filter((line) => line.length > 0);
  const plot = asciichart.plot(series, {
    height: PLOT_ROWS,
    min: 0,
    max: Math.max(limit, ...path) * 1.05,
    colors: colors.isColorSupported ? [asciichart.red, asciichart.yellow, asciichart.green] : [],
    format: (value: number) => value.toFixed(0).padStart(10),
  });
  const legend = `${colors.green('── spent')}  ${colors.yellow('── p50 forecast')}  ${colors.red('── limit')} ${forecast.limit} ${forecast.currency}`;
  const first = forecast.daily[0]!.date;
  const last = forecast.daily[forecast.daily.length - 1]!.date;
  return `${plot}\n${' '.repeat(12)}${first} … ${last}\n${' '.repeat(12)}${legend}\n`;
}
