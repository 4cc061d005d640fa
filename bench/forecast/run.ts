/**
 * Forecast accuracy benchmark on public series carried offline in bench/data (sources
 * and licences in bench/data/README.md). Each series' last 12 months or 28 days are held
 * out; `auto` sees only the rest. Reported per series and as geometric means over each
 * granularity: MASE of auto relative to seasonal naive (targets ≤ 0.6 monthly, ≤ 0.9
 * daily), the same ratio for naive and drift, the share of held-out points inside the
 * 80 % and 95 % intervals (targets 75–85 % and 90–100 %), and milliseconds per forecast.
 *
 *   node --import tsx bench/forecast/run.ts            (writes bench/forecast/results.json)
 *   BENCH_SERIES=m3_ node --import tsx bench/forecast/run.ts   (only series whose name contains it)
 *   BENCH_VALIDATION=1 node --import tsx bench/forecast/run.ts (validation split: drops the test period
 *     and holds out the one before it; model changes are tried here, never against the test period)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitDrift, fitNaive, fitSeasonalNaive, forecastSeries, geometricMean, mase, maseScale } from '../../shared/domain/forecasting/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const LEVELS = [80, 95] as const;

interface Granularity {
  name: 'monthly' | 'daily';
  file: string;
  period: 7 | 12;
  holdout: number;
  target: number;
}

const GRANULARITIES: Granularity[] = [
  { name: 'monthly', file: 'monthly.csv', period: 12, holdout: 12, target: 0.6 },
  { name: 'daily', file: 'daily.csv', period: 7, holdout: 28, target: 0.9 },
];

/** `series,value` rows, in time order within a series. */
function readSeries(file: string): Map<string, number[]> {
  const series = new Map<string, number[]>();
  const lines = readFileSync(join(here, '..', 'data', file), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [name = '', value = ''] = line.split(',');
    const values = series.get(name) ?? [];
    values.push(Number(value));
    series.set(name, values);
  }
  return series;
}

interface SeriesResult {
  series: string;
  length: number;
  method: string;
  seasonality: number | null;
  maseAuto: number;
  maseSeasonalNaive: number;
  ratioAuto: number;
  ratioNaive: number;
  ratioDrift: number;
  coverage80: number;
  coverage95: number;
  ms: number;
}

const validation = process.env.BENCH_VALIDATION === '1';

function evaluate(name: string, all: number[], g: Granularity): SeriesResult {
  const values = validation ? all.slice(0, all.length - g.holdout) : all;
  const train = values.slice(0, values.length - g.holdout);
  const actual = values.slice(values.length - g.holdout);
  const started = performance.now();
  const result = forecastSeries({ values: train, horizon: g.holdout, seasonalPeriod: g.period, levels: [...LEVELS] });
  const ms = performance.now() - started;
  const scale = maseScale(train, g.period);
  const score = (forecast: readonly number[]) => mase(actual, forecast, scale);
  const maseAuto = score(result.points.map((p) => p.forecast));
  const maseSeasonalNaive = score(fitSeasonalNaive(train, g.period).forecast(g.holdout));
  const covered = (level: number) =>
    actual.filter((y, h) => {
      const interval = result.points[h]!.intervals.find((i) => i.level === level)!;
      return interval.lower <= y && y <= interval.upper;
    }).length / actual.length;
  return {
    series: name,
    length: values.length,
    method: result.method,
    seasonality: result.seasonality,
    maseAuto,
    maseSeasonalNaive,
    ratioAuto: maseAuto / maseSeasonalNaive,
    ratioNaive: score(fitNaive(train).forecast(g.holdout)) / maseSeasonalNaive,
    ratioDrift: score(fitDrift(train).forecast(g.holdout)) / maseSeasonalNaive,
    coverage80: covered(80),
    coverage95: covered(95),
    ms,
  };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (value: number, digits = 3) => value.toFixed(digits).padStart(digits + 4);

const filter = process.env.BENCH_SERIES ?? '';
const report: Record<string, unknown> = { generatedBy: 'bench/forecast/run.ts', holdout: { monthly: 12, daily: 28 }, levels: LEVELS };
for (const g of GRANULARITIES) {
  const rows = [...readSeries(g.file)].filter(([name]) => name.includes(filter)).map(([name, values]) => evaluate(name, values, g));
  if (rows.length === 0) continue;
  console.log(`\n${g.name} (${rows.length} series, last ${g.holdout} held out)`);
  console.log('series                         n  method          auto/sn  naive/sn  drift/sn  cov80  cov95     ms');
  for (const r of rows) {
    console.log(`${r.series.padEnd(28)} ${String(r.length).padStart(4)}  ${r.method.padEnd(14)} ${fixed(r.ratioAuto)}  ${fixed(r.ratioNaive)}  ${fixed(r.ratioDrift)}  ${fixed(r.coverage80, 2)}  ${fixed(r.coverage95, 2)} ${fixed(r.ms, 0)}`);
  }
  const summary = {
    series: rows.length,
    geometricMeanMaseAuto: geometricMean(rows.map((r) => r.maseAuto)),
    geometricMeanMaseSeasonalNaive: geometricMean(rows.map((r) => r.maseSeasonalNaive)),
    relativeMaseAuto: geometricMean(rows.map((r) => r.ratioAuto)),
    relativeMaseNaive: geometricMean(rows.map((r) => r.ratioNaive)),
    relativeMaseDrift: geometricMean(rows.map((r) => r.ratioDrift)),
    target: g.target,
    coverage80: mean(rows.map((r) => r.coverage80)),
    coverage95: mean(rows.map((r) => r.coverage95)),
    meanMs: mean(rows.map((r) => r.ms)),
    maxMs: Math.max(...rows.map((r) => r.ms)),
    methods: rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.method]: (acc[r.method] ?? 0) + 1 }), {}),
  };
  console.log(
    `geometric means: auto/sn ${summary.relativeMaseAuto.toFixed(3)} (target ≤ ${g.target}), naive/sn ${summary.relativeMaseNaive.toFixed(3)}, drift/sn ${summary.relativeMaseDrift.toFixed(3)}; ` +
      `coverage 80 % ${(100 * summary.coverage80).toFixed(1)} %, 95 % ${(100 * summary.coverage95).toFixed(1)} %; ${summary.meanMs.toFixed(0)} ms per forecast (max ${summary.maxMs.toFixed(0)})`,
  );
  report[g.name] = { summary, series: rows };
}
if (filter === '' && !validation) writeFileSync(join(here, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
