/**
 * Forecasting: pure models over arrays of numbers (spend per day or month), calibrated
 * intervals and budget projections. No I/O, no clock.
 */
export { forecastSeries, runForecastModel, DEFAULT_LEVELS, MIN_MODEL_HISTORY, type BacktestSummary, type ForecastModelRun, type ForecastSeriesRequest, type SeriesForecast } from './forecast-series.js';
export { projectPeriod, projectWithModel, projectionHorizon, type Exhaustion, type PartialToday, type PeriodProjection, type ProjectPeriodRequest, type Projection } from './project-period.js';
export { calibrationOf, fitDailySpendModel, HIGHEST_LEVEL, LOWEST_LEVEL, type DailySpendModel } from './daily-model.js';
export { METHODS, type FittedModel, type MethodName, type ReportedMethod } from './model.js';
export { fitMethod, type FitContext, type FitMethodName } from './methods.js';
export { fitDrift, fitLinear, fitMovingAverage, fitNaive, fitRunRate, fitSeasonalNaive } from './baseline-models.js';
export { fitHolt, fitHoltWinters, fitSes, type HoltWintersSeason } from './smoothing-models.js';
export { fitTheta } from './theta.js';
export { fitComb } from './comb.js';
export { etsFilter, etsForecast, etsForecastSd, type EtsParams, type EtsSpec, type SeasonKind, type TrendKind } from './ets.js';
export { fitEts, etsModel, ALPHA_BOUNDS, PHI_BOUNDS, type EtsFit } from './ets-fit.js';
export { autocorrelations, decompose, detectSeasonality, isSeasonal, seasonalAdjuster, type SeasonalDecomposition } from './seasonality.js';
export { withSeasonalAdjustment } from './seasonal-adjustment.js';
export { selectMethod, autoCandidates, averageWindows, ENSEMBLE_SIZE, type Selection } from './auto.js';
export { averageModels } from './ensemble.js';
export { guardFinalSpike, SPIKE_THRESHOLD } from './spike-guard.js';
export { geometricMean, mase, maseScale } from './accuracy.js';
export { meanMase, planBacktest, runBacktest, type BacktestPlan, type OriginResult } from './backtest.js';
export { calibrate, leaveOneOutCoverage, tForLevel, type Calibration } from './calibration.js';
export { applyGrowth, clampNonNegative, growthFactors, type Interval, type PointForecast, type TotalForecast } from './intervals.js';
export { minimizeOnInterval, nelderMead } from './optimize.js';
export { normalCdf, normalQuantile, zForLevel } from './stats.js';
