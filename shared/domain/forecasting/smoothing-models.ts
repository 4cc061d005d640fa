import { etsModel, fitEts } from './ets-fit.js';
import { type EtsSpec } from './ets.js';
import { assertSeries, assertValid, type FittedModel } from './model.js';

/**
 * The exponential smoothing family as models: SES, Holt's linear trend (damped by
 * default: an undamped trend extrapolated over a budget period overshoots) and
 * Holt-Winters with an additive or multiplicative season.
 */

export function fitSes(values: readonly number[]): FittedModel {
  assertSeries(values, 2);
  const spec: EtsSpec = { trend: 'none', season: 'none', period: 1 };
  return etsModel('ses', values, spec, fitEts(values, spec).params);
}

export function fitHolt(values: readonly number[], options: { damped?: boolean } = {}): FittedModel {
  assertSeries(values, 3);
  const spec: EtsSpec = { trend: options.damped === false ? 'additive' : 'damped', season: 'none', period: 1 };
  return etsModel('holt', values, spec, fitEts(values, spec).params);
}

export type HoltWintersSeason = 'additive' | 'multiplicative' | 'auto';

/**
 * Holt-Winters with period m (needs two full seasons). `auto` is multiplicative for a
 * strictly positive series and additive otherwise, the same rule as the classical
 * decomposition (seasonality.ts): spend swings grow with its level, and one fit instead
 * of two halves the cost of every backtest window.
 */
export function fitHoltWinters(values: readonly number[], period: number, options: { season?: HoltWintersSeason; damped?: boolean } = {}): FittedModel {
  assertSeries(values);
  assertValid(Number.isInteger(period) && period >= 2, `Holt-Winters needs a period ≥ 2, got ${period}`);
  assertValid(values.length >= 2 * period, `Holt-Winters needs two full seasons (${2 * period} values), got ${values.length}`);
  const trend = options.damped === false ? 'additive' : 'damped';
  const wanted = options.season ?? 'auto';
  const positive = values.every((v) => v > 0);
  assertValid(wanted !== 'multiplicative' || positive, 'a multiplicative season needs strictly positive values');
  const season = wanted === 'auto' ? (positive ? 'multiplicative' : 'additive') : wanted;
  const best = fitEts(values, { trend, season, period });
  const model = etsModel('holt_winters', values, best.spec, best.params);
  return { ...model, params: { ...model.params, multiplicative: best.spec.season === 'multiplicative' ? 1 : 0 } };
}
