import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactAmount, renderBurnUpSvg, yAxisOf, type BurnUpChart } from '../../shared/http/views/chart.js';

const NOVEMBER = Array.from({ length: 30 }, (_, index) => `2026-11-${String(index + 1).padStart(2, '0')}`);
const DAILY_SPEND = [8, 12, 20, 4, 0, 0, 18, 22, 16, 14, 9, 2, 0, 25, 21, 17, 19, 15, 3, 1, 28, 34, 42, 61.87];
const ACTUAL = DAILY_SPEND.map((spent, index) => ({ date: NOVEMBER[index] ?? '', cumulative: DAILY_SPEND.slice(0, index + 1).reduce((sum, day) => sum + day, 0) }));
const FORECAST = NOVEMBER.slice(24).map((date, index) => {
  const p50 = 391.87 + 29 * (index + 1);
  const spread = Math.sqrt(index + 1);
  return { date, p50, lower80: p50 - 12 * spread, upper80: p50 + 12 * spread, lower95: p50 - 20 * spread, upper95: p50 + 20 * spread };
});

const platform = (overrides: Partial<BurnUpChart> = {}): BurnUpChart => ({
  budgetName: 'Platform',
  currency: 'USD',
  periodKey: '2026-11',
  dates: NOVEMBER,
  actual: ACTUAL,
  forecast: FORECAST,
  limit: 500,
  thresholds: [50, 75, 90, 100].map((percent) => ({ percent, amount: 5 * percent })),
  today: '2026-11-24',
  figures: {
    spent: '391.87', limit: '500', utilizationPercent: 78.37, projected: '565.87',
    projected80: { lower: '537', upper: '595' }, projected95: { lower: '517', upper: '615' }, exhaustionDate: '2026-11-28',
  },
  ...overrides,
});
const NO_FORECAST_FIGURES = { spent: '0', limit: '0', utilizationPercent: 0, projected: null, projected80: null, projected95: null, exhaustionDate: null };

const count = (svg: string, fragment: string) => svg.split(fragment).length - 1;
/** The y tick labels, read back from the text anchored at the end left of the plot. */
const yTickLabels = (svg: string) => [...svg.matchAll(/<text x="44" y="[\d.]+" text-anchor="end">([\d.]+[kMB]?)<\/text>/g)].map((match) => match[1]);
const fromCompact = (label: string) => Number.parseFloat(label) * ({ k: 1e3, M: 1e6, B: 1e9 }[label.slice(-1)] ?? 1);

/** Open and close tags pair up and no bare '&' or '<' is left in text: well-formedness short of a parser. */
function tagsBalance(svg: string): boolean {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name ?? '');
    else if (open.pop() !== name) return false;
  }
  const text = svg.replace(/<[^<>]*>/g, '');
  return open.length === 0 && !/<|&(?!(amp|lt|gt|quot|apos);)/.test(text);
}
const hasXmllint = spawnSync('which', ['xmllint']).status === 0;

describe('renderBurnUpSvg', () => {
  it('is a 600×300 accessible SVG whose title and desc carry the figures', () => {
    const svg = renderBurnUpSvg(platform());
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*width="600" height="300" viewBox="0 0 600 300" role="img" aria-labelledby="t d">/);
    expect(svg).toContain('<title id="t">Burn-up of Platform, 2026-11 (USD)</title>');
    expect(svg).toContain('<desc id="d">Spent 391.87 USD of a 500 USD limit (78.37 %) by 2026-11-24. '
      + 'Projected 565.87 USD at period end (80 % interval 537–595, 95 % interval 517–615). Projected to reach the limit on 2026-11-28.</desc>');
  });

  it('says when there is no forecast, or when the forecast stays under the limit', () => {
    expect(renderBurnUpSvg(platform({ forecast: null, figures: { ...platform().figures, projected: null, projected80: null, projected95: null, exhaustionDate: null } })))
      .toContain('(78.37 %) by 2026-11-24. No forecast yet.</desc>');
    expect(renderBurnUpSvg(platform({ figures: { ...platform().figures, exhaustionDate: null } })))
      .toContain('95 % interval 517–615). Not projected to reach the limit this period.</desc>');
  });

  it('escapes a hostile name everywhere it appears and drops characters XML forbids', () => {
    const svg = renderBurnUpSvg(platform({ budgetName: `<script>&"'\u0007` }));
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('\u0007');
    expect(svg).toContain('<title id="t">Burn-up of &lt;script&gt;&amp;&quot;&apos;, 2026-11 (USD)</title>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;&apos; · 2026-11</text>');
    expect(tagsBalance(svg)).toBe(true);
  });

  it('cuts a long name short of the summary instead of running under it', () => {
    const svg = renderBurnUpSvg(platform({ budgetName: 'Marketing '.repeat(20) }));
    const heading = /<text class="heading"[^>]*>([^<]*)<\/text>/.exec(svg)?.[1] ?? '';
    expect(heading.endsWith('…')).toBe(true);
    expect(heading.length).toBeLessThan(60);
  });

  it('draws all-zero data with a limit of 0, and a one-day period, without NaN or Infinity', () => {
    const zero = renderBurnUpSvg(platform({ actual: NOVEMBER.slice(0, 3).map((date) => ({ date, cumulative: 0 })), forecast: null, limit: 0, thresholds: [{ percent: 80, amount: 0 }], figures: NO_FORECAST_FIGURES }));
    const oneDay = renderBurnUpSvg(platform({ dates: ['2026-11-01'], actual: [{ date: '2026-11-01', cumulative: 0 }], forecast: null, limit: 0, today: '2026-11-01', figures: NO_FORECAST_FIGURES }));
    const empty = renderBurnUpSvg(platform({ actual: [], forecast: null, today: null, figures: NO_FORECAST_FIGURES }));
    for (const svg of [zero, oneDay, empty]) {
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(tagsBalance(svg)).toBe(true);
    }
    expect(yTickLabels(zero)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    // The single day sits mid-plot, labelled once.
    expect(oneDay).toContain('<circle class="dot" cx="295" cy="246" r="3"/>');
    expect(count(oneDay, '>Nov 1</text>')).toBe(1);
    expect(empty).not.toContain('class="actual" points');
  });

  it('draws the cone and the dashed p50 only when there is a forecast, growing out of the last actual point', () => {
    const withForecast = renderBurnUpSvg(platform());
    const lastActual = /<circle class="dot" cx="([\d.]+)" cy="([\d.]+)"/.exec(withForecast);
    expect(lastActual).not.toBeNull();
    const anchor = `${lastActual?.[1]},${lastActual?.[2]}`;
    expect(withForecast).toContain(`<polyline class="p50" points="${anchor} `);
    expect(withForecast).toMatch(new RegExp(`<path class="band95" d="M${anchor} [^"]*Z"/>\\n<path class="band80" d="M${anchor} `));
    expect(withForecast).toContain('>forecast p50</text>');

    const without = renderBurnUpSvg(platform({ forecast: null }));
    for (const fragment of ['class="band80"', 'class="band95"', 'class="p50"', 'forecast p50']) expect(without).not.toContain(fragment);
    expect(without).toContain('<polyline class="actual"');
  });

  it('labels thresholds by percent but leaves the one at the limit to the limit label', () => {
    const svg = renderBurnUpSvg(platform());
    expect(count(svg, '<line class="threshold"')).toBe(4);
    for (const label of ['50 %', '75 %', '90 %']) expect(svg).toMatch(new RegExp(`<text class="threshold-label" x="546" y="[\\d.]+">${label}</text>`));
    expect(svg).not.toContain('>100 %</text>');
    expect(count(svg, '>limit</text>')).toBe(2); // the line label and the legend's
  });

  it('marks today only when today is set', () => {
    expect(renderBurnUpSvg(platform())).toMatch(/<line class="today" x1="([\d.]+)" y1="50" x2="\1" y2="246"\/>\n<text [^>]*>today<\/text>/);
    const past = renderBurnUpSvg(platform({ today: null }));
    expect(past).not.toContain('class="today"');
    expect(past).not.toContain('>today<');
  });

  it('spans the dates with first and last labelled and evenly stepped ones between, none crowding the last', () => {
    const dateLabels = (chart: BurnUpChart) => [...renderBurnUpSvg(chart).matchAll(/<text x="[\d.]+" y="262" text-anchor="middle">([^<]+)<\/text>/g)].map((match) => match[1]);
    expect(dateLabels(platform())).toEqual(['Nov 1', 'Nov 7', 'Nov 13', 'Nov 19', 'Nov 25', 'Nov 30']);
    expect(dateLabels(platform({ dates: NOVEMBER.slice(0, 27) }))).toEqual(['Nov 1', 'Nov 7', 'Nov 13', 'Nov 19', 'Nov 27']);
    expect(dateLabels(platform({ dates: ['2026-12-31', '2027-01-01'], actual: [], forecast: null, today: null }))).toEqual(['Dec 31', 'Jan 1']);
  });

  it('has y ticks at nice round numbers from 0 that cover the highest upper 95 %, the unit once', () => {
    const svg = renderBurnUpSvg(platform());
    const ticks = yTickLabels(svg).map((label) => fromCompact(label ?? ''));
    expect(ticks).toEqual([0, 200, 400, 600, 800]);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(Math.max(...FORECAST.map((day) => day.upper95)) * 1.05);
    expect(count(svg, '>USD</text>')).toBe(1);
    const large = renderBurnUpSvg(platform({ actual: [{ date: '2026-11-01', cumulative: 1180 }], forecast: null, limit: 1000 }));
    expect(yTickLabels(large)).toEqual(['0', '500', '1k', '1.5k']);
  });

  it('keeps coordinates to one decimal and renders the same input to the same string', () => {
    const svg = renderBurnUpSvg(platform());
    expect(svg).not.toMatch(/\s(?:[xy][12]?|c[xy]|width|height)="-?\d+\.\d{2,}"/);
    for (const [, points] of svg.matchAll(/(?:points|d)="([^"]+)"/g)) expect(points).not.toMatch(/\.\d{2}/);
    expect(renderBurnUpSvg(platform())).toBe(svg);
  });

  it('styles by class, with dark-mode colours behind a media query', () => {
    const svg = renderBurnUpSvg(platform());
    expect(svg).toMatch(/<style>[^<]*@media \(prefers-color-scheme: dark\)\{[^<]*\.burnup \.bg\{fill:#0d1117\}/);
    expect(svg).not.toMatch(/\s(?:fill|stroke)="/);
  });

  it('is well-formed by a tag-balance check', () => {
    expect(tagsBalance(renderBurnUpSvg(platform({ budgetName: 'R&D <core>' })))).toBe(true);
    expect(tagsBalance('<svg><text>a & b</text></svg>')).toBe(false);
    expect(tagsBalance('<svg><g></svg>')).toBe(false);
  });

  it.skipIf(!hasXmllint)('is well-formed XML by xmllint', () => {
    for (const chart of [platform({ budgetName: `<script>&"'` }), platform({ forecast: null, today: null, figures: NO_FORECAST_FIGURES })]) {
      expect(() => execFileSync('xmllint', ['--noout', '-'], { input: renderBurnUpSvg(chart), stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
    }
  });
});

describe('yAxisOf', () => {
  it('gives 4–6 ticks from 0 at a 1/2/5 × 10^n step, covering the peak with headroom', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (peak) => {
      const { max, step, ticks } = yAxisOf(peak);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5].some((nice) => Math.abs(mantissa - nice) < 1e-9)).toBe(true);
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(max);
      expect(max).toBeGreaterThanOrEqual(peak * 1.05 * (1 - 1e-12));
    }));
  });
});

describe('compactAmount', () => {
  it('shortens thousands and keeps only the decimals the step needs', () => {
    expect(compactAmount(1200, 200)).toBe('1.2k');
    expect(compactAmount(1000, 200)).toBe('1k');
    expect(compactAmount(25, 5)).toBe('25');
    expect(compactAmount(0.5, 0.1)).toBe('0.5');
    expect(compactAmount(0.15, 0.05)).toBe('0.15');
    expect(compactAmount(2_500_000, 500_000)).toBe('2.5M');
    expect(compactAmount(0, 0.2)).toBe('0');
  });
});
