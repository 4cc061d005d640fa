/**
 * A budget's burn-up chart as a standalone SVG string. Pure string building (no DOM), so the
 * same input renders byte for byte the same in a Lambda, a test or a pasted report.
 */

/** What the burn-up chart draws; amounts in currency units as numbers (drawing only: the figures in words come pre-formatted). */
export interface BurnUpChart {
  budgetName: string;
  currency: string;            // ISO code, e.g. 'USD'
  periodKey: string;           // e.g. '2026-11'
  /** Every local date the x axis spans, oldest first (YYYY-MM-DD), at least 1. */
  dates: string[];
  /** Cumulative spend at the end of each day up to and including today (a prefix of `dates`, may be empty). */
  actual: Array<{ date: string; cumulative: number }>;
  /** From the last actual day to the period end: p50 cumulative and its 80 % and 95 % cone; null when there is no forecast. */
  forecast: Array<{ date: string; p50: number; lower80: number; upper80: number; lower95: number; upper95: number }> | null;
  limit: number;
  /** Alert thresholds as percent of the limit with the amount they stand for. */
  thresholds: Array<{ percent: number; amount: number }>;
  /** Today's date when it lies within `dates`, else null. */
  today: string | null;
  /** Pre-formatted figures for <title>/<desc> (decimal strings such as '111.87'). */
  figures: { spent: string; limit: string; utilizationPercent: number; projected: string | null; projected80: { lower: string; upper: string } | null; projected95: { lower: string; upper: string } | null; exhaustionDate: string | null };
}

const WIDTH_PX = 600;
const HEIGHT_PX = 300;
/** Room above for the heading and unit, left for y labels, right for line labels, below for dates and legend. */
const PLOT = { leftPx: 50, rightPx: 540, topPx: 50, bottomPx: 246 } as const;
/** The unit and the today label share a row between the heading and the top tick's label. */
const OVER_PLOT_BASELINE_PX = PLOT.topPx - 13;
const HEADROOM_RATIO = 1.05;
/** Amounts are kept to the micro-unit, so a peak below one is zero (and would underflow the tick step). */
const SMALLEST_AMOUNT = 1e-6;
/** At most 5 intervals, so 4–6 ticks counting zero (see yAxisOf). */
const MAX_Y_INTERVALS = 5;
const MAX_X_INTERVALS = 5;
/** Rough advance widths, to fit text without a DOM to measure it: generous, as fonts vary by viewer. */
const LABEL_CHAR_PX = 6.2;
const HEADING_CHAR_PX = 8;
const LABEL_HEIGHT_PX = 12;
/** Baseline offset that centres a 10 px label on a line, as dominant-baseline is not honoured everywhere. */
const LABEL_CENTRE_PX = 3.5;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Palette = Record<'background' | 'text' | 'muted' | 'grid' | 'axis' | 'series' | 'limit' | 'threshold' | 'today' | 'band80Opacity' | 'band95Opacity', string>;
const LIGHT: Palette = {
  background: '#ffffff', text: '#1f2328', muted: '#57606a', grid: '#e6e9ec', axis: '#8c959f',
  series: '#0969da', limit: '#cf222e', threshold: '#9a6700', today: '#6e7781', band80Opacity: '.3', band95Opacity: '.13',
};
const DARK: Palette = {
  background: '#0d1117', text: '#e6edf3', muted: '#9198a1', grid: '#262c33', axis: '#6e7681',
  // Translucent blue fades into near-black faster than into white, so the cone is denser here.
  series: '#4493f8', limit: '#f85149', threshold: '#d29922', today: '#8b949e', band80Opacity: '.45', band95Opacity: '.22',
};

/** Scoped under the root class because an inline SVG's <style> applies to the whole page. */
function colourRules(palette: Palette): string {
  return [
    `.burnup .bg{fill:${palette.background}}`,
    `.burnup text{fill:${palette.muted}}`,
    `.burnup .heading{fill:${palette.text}}`,
    `.burnup .grid{stroke:${palette.grid}}`,
    `.burnup .axis{stroke:${palette.axis}}`,
    `.burnup .actual,.burnup .p50{stroke:${palette.series}}`,
    `.burnup .dot,.burnup .band80,.burnup .band95{fill:${palette.series}}`,
    `.burnup .band80{opacity:${palette.band80Opacity}}`,
    `.burnup .band95{opacity:${palette.band95Opacity}}`,
    `.burnup .limit{stroke:${palette.limit}}`,
    `.burnup text.limit-label{fill:${palette.limit}}`,
    `.burnup .threshold{stroke:${palette.threshold}}`,
    `.burnup text.threshold-label{fill:${palette.threshold}}`,
    `.burnup .today{stroke:${palette.today}}`,
  ].join('');
}

/** The chart's one <style> element, constant: the console's Content-Security-Policy allows it by its hash. */
export const CHART_STYLE = [
  '.burnup text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:10px}',
  '.burnup .heading{font-size:13px;font-weight:600}',
  '.burnup .summary{font-size:11px}',
  '.burnup .grid,.burnup .axis{stroke-width:1;fill:none}',
  '.burnup .actual{stroke-width:2;fill:none;stroke-linejoin:round}',
  '.burnup .p50{stroke-width:2;fill:none;stroke-dasharray:5 4}',
  '.burnup .limit{stroke-width:1.5}',
  '.burnup .threshold{stroke-width:1;stroke-dasharray:2 3;opacity:.7}',
  '.burnup .today{stroke-width:1;stroke-dasharray:3 3}',
  colourRules(LIGHT),
  `@media (prefers-color-scheme: dark){${colourRules(DARK)}}`,
].join('');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Control characters are not allowed in XML even escaped, so a name carrying one is dropped from, not breaking, the SVG. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** One decimal is sub-pixel at 600 px and keeps the output small. */
const px = (value: number) => String(Math.round(value * 10) / 10);

/** Drops float noise such as 0.30000000000000004 from tick arithmetic. */
const clean = (value: number) => Number(value.toPrecision(12));

/** The y axis from 0: a 1/2/5 × 10^n step, and a top that leaves headroom over the peak. */
export function yAxisOf(peak: number): { max: number; step: number; ticks: number[] } {
  // An empty or all-zero chart still gets a unit axis rather than dividing by zero.
  const top = peak >= SMALLEST_AMOUNT ? peak * HEADROOM_RATIO : 1;
  const base = 10 ** Math.floor(Math.log10(top / MAX_Y_INTERVALS));
  // base ≤ top / 5, so some multiple up to 10 fits within 5 intervals; the smallest that does
  // leaves at least 3, as the one before it needed more than 5 and steps grow at most 2.5-fold.
  const step = [1, 2, 5, 10].map((multiple) => clean(multiple * base)).find((candidate) => Math.ceil(top / candidate - 1e-9) <= MAX_Y_INTERVALS) ?? clean(10 * base);
  const intervals = Math.ceil(top / step - 1e-9);
  const ticks = Array.from({ length: intervals + 1 }, (_, index) => clean(index * step));
  return { max: clean(intervals * step), step, ticks };
}

const SCALES: Array<[number, string]> = [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
/** A tick as '1.2k', '25', '0.5': as many decimals as the step needs at the tick's own scale. */
export function compactAmount(value: number, step: number): string {
  const [scale, suffix] = SCALES.find(([threshold]) => Math.abs(value) >= threshold) ?? [1, ''];
  const decimals = Math.min(20, Math.max(0, Math.ceil(-Math.log10(step / scale) - 1e-9)));
  const digits = (value / scale).toFixed(decimals);
  return (decimals > 0 ? digits.replace(/\.?0+$/, '') : digits) + suffix;
}

/** 'Nov 1' from '2026-11-01', read from the string so no time zone can shift the day. */
function dayLabel(date: string): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? date.slice(5, 7);
  return `${month} ${Number(date.slice(8, 10))}`;
}

/** First, last, and evenly stepped days between, without one crowding the last. */
function xTickIndexes(dayCount: number): number[] {
  const lastIndex = dayCount - 1;
  if (lastIndex === 0) return [0];
  const step = Math.ceil(lastIndex / MAX_X_INTERVALS);
  const indexes: number[] = [];
  for (let index = 0; lastIndex - index >= step / 2; index += step) indexes.push(index);
  return [...indexes, lastIndex];
}

/** Cuts text to an estimated width, so a long name cannot run under the summary. */
function fitted(text: string, widthPx: number, charPx: number): string {
  const chars = Array.from(text);
  const maxChars = Math.max(1, Math.floor(widthPx / charPx));
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

const percentText = (percent: number) => `${Number(percent.toFixed(2))} %`;

/** The figures in words, for screen readers and anyone reading the SVG's text. */
function description(chart: BurnUpChart): string {
  const { figures, currency } = chart;
  const asOf = chart.actual.at(-1)?.date ?? chart.today;
  const sentences = [`Spent ${figures.spent} ${currency} of a ${figures.limit} ${currency} limit (${percentText(figures.utilizationPercent)})${asOf ? ` by ${asOf}` : ''}.`];
  if (figures.projected === null) return [...sentences, 'No forecast yet.'].join(' ');
  const intervals = [
    figures.projected80 && `80 % interval ${figures.projected80.lower}–${figures.projected80.upper}`,
    figures.projected95 && `95 % interval ${figures.projected95.lower}–${figures.projected95.upper}`,
  ].filter((interval) => interval !== null);
  sentences.push(`Projected ${figures.projected} ${currency} at period end${intervals.length > 0 ? ` (${intervals.join(', ')})` : ''}.`);
  sentences.push(figures.exhaustionDate === null ? 'Not projected to reach the limit this period.' : `Projected to reach the limit on ${figures.exhaustionDate}.`);
  return sentences.join(' ');
}

interface Point { xPx: number; yPx: number }
const pointList = (points: Point[]) => points.map((point) => `${px(point.xPx)},${px(point.yPx)}`).join(' ');

type LegendKind = 'line' | 'band';
/** Only what is drawn: a chart without a forecast does not list its cone. */
function legend(items: Array<{ label: string; className: string; kind: LegendKind }>): string[] {
  const baselinePx = HEIGHT_PX - 10;
  const swatchPx = 18;
  let xPx = PLOT.leftPx;
  return items.map(({ label, className, kind }) => {
    const swatch = kind === 'line'
      ? `<line class="${className}" x1="${px(xPx)}" y1="${baselinePx - LABEL_CENTRE_PX}" x2="${px(xPx + swatchPx)}" y2="${baselinePx - LABEL_CENTRE_PX}"/>`
      : `<rect class="${className}" x="${px(xPx)}" y="${baselinePx - 8}" width="${swatchPx}" height="9"/>`;
    const text = `<text x="${px(xPx + swatchPx + 5)}" y="${baselinePx}">${escapeXml(label)}</text>`;
    xPx += swatchPx + 5 + label.length * LABEL_CHAR_PX + 16;
    return swatch + text;
  });
}

export function renderBurnUpSvg(chart: BurnUpChart): string {
  const { leftPx, rightPx, topPx, bottomPx } = PLOT;
  const forecast = chart.forecast ?? [];
  const dayIndex = new Map(chart.dates.map((date, index) => [date, index]));
  const peak = Math.max(chart.limit, ...chart.actual.map((day) => day.cumulative), ...forecast.map((day) => Math.max(day.p50, day.upper80, day.upper95)));
  const axis = yAxisOf(peak);
  // A single day has no span to stretch over, so it sits in the middle.
  const xOf = (index: number) => (chart.dates.length === 1 ? (leftPx + rightPx) / 2 : leftPx + (index / (chart.dates.length - 1)) * (rightPx - leftPx));
  const yOf = (amount: number) => bottomPx - (amount / axis.max) * (bottomPx - topPx);
  /** Points on days outside the axis are left out rather than drawn at a guessed place. */
  const pointsOf = <T extends { date: string }>(days: T[], amountOf: (day: T) => number): Point[] => days.flatMap((day) => {
    const index = dayIndex.get(day.date);
    return index === undefined ? [] : [{ xPx: xOf(index), yPx: yOf(amountOf(day)) }];
  });

  const actual = pointsOf(chart.actual, (day) => day.cumulative);
  const lastActual = actual.at(-1);
  // The forecast grows out of the last actual point, unless it already starts on that day.
  const lastActualDay = chart.actual.at(-1);
  const anchor = lastActual && forecast[0]?.date !== lastActualDay?.date ? [lastActual] : [];
  const band = (lower: (day: (typeof forecast)[number]) => number, upper: (day: (typeof forecast)[number]) => number) =>
    `M${pointList([...anchor, ...pointsOf(forecast, upper)])} L${pointList([...anchor, ...pointsOf(forecast, lower)].reverse())}Z`;

  const yTicks = axis.ticks.map((tick) => {
    const yPx = px(yOf(tick));
    return `<line class="grid" x1="${leftPx}" y1="${yPx}" x2="${rightPx}" y2="${yPx}"/><text x="${leftPx - 6}" y="${px(yOf(tick) + LABEL_CENTRE_PX)}" text-anchor="end">${compactAmount(tick, axis.step)}</text>`;
  });
  const xTicks = xTickIndexes(chart.dates.length).map((index) => {
    const xPx = px(xOf(index));
    return `<line class="axis" x1="${xPx}" y1="${bottomPx}" x2="${xPx}" y2="${bottomPx + 4}"/><text x="${xPx}" y="${bottomPx + 16}" text-anchor="middle">${dayLabel(chart.dates[index] ?? '')}</text>`;
  });

  // Line labels sit in the right margin; one that would overlap a label already placed is
  // dropped, the limit's first (a 100 % threshold is the limit).
  const takenLabelsPx: number[] = [];
  const rightLabel = (amount: number, text: string, className: string) => {
    const yPx = yOf(amount);
    if (takenLabelsPx.some((takenPx) => Math.abs(takenPx - yPx) < LABEL_HEIGHT_PX)) return '';
    takenLabelsPx.push(yPx);
    return `<text class="${className}" x="${rightPx + 6}" y="${px(yPx + LABEL_CENTRE_PX)}">${escapeXml(text)}</text>`;
  };
  const limitLine = `<line class="limit" x1="${leftPx}" y1="${px(yOf(chart.limit))}" x2="${rightPx}" y2="${px(yOf(chart.limit))}"/>${rightLabel(chart.limit, 'limit', 'limit-label')}`;
  const thresholds = chart.thresholds
    .filter((threshold) => threshold.amount >= 0 && threshold.amount <= axis.max)
    .map((threshold) => {
      const yPx = px(yOf(threshold.amount));
      return `<line class="threshold" x1="${leftPx}" y1="${yPx}" x2="${rightPx}" y2="${yPx}"/>${rightLabel(threshold.amount, percentText(threshold.percent), 'threshold-label')}`;
    });

  const todayIndex = chart.today === null ? undefined : dayIndex.get(chart.today);
  const todayMarker = todayIndex === undefined ? [] : [
    // The label is kept over the plot so it cannot run into the unit or the line labels.
    `<line class="today" x1="${px(xOf(todayIndex))}" y1="${topPx}" x2="${px(xOf(todayIndex))}" y2="${bottomPx}"/>`,
    `<text x="${px(Math.min(Math.max(xOf(todayIndex), leftPx + 14), rightPx - 14))}" y="${OVER_PLOT_BASELINE_PX}" text-anchor="middle">today</text>`,
  ];

  const summary = `Spent ${chart.figures.spent} of ${chart.figures.limit} ${chart.currency} (${percentText(chart.figures.utilizationPercent)})`;
  const headingWidthPx = WIDTH_PX - 24 - summary.length * LABEL_CHAR_PX * 1.1 - 16;
  const heading = fitted(`${chart.budgetName} · ${chart.periodKey}`, headingWidthPx, HEADING_CHAR_PX);
  const legendItems: Array<{ label: string; className: string; kind: LegendKind }> = [{ label: 'actual', className: 'actual', kind: 'line' }];
  if (forecast.length > 0) {
    legendItems.push({ label: 'forecast p50', className: 'p50', kind: 'line' }, { label: '80 %', className: 'band80', kind: 'band' }, { label: '95 %', className: 'band95', kind: 'band' });
  }
  legendItems.push({ label: 'limit', className: 'limit', kind: 'line' });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="burnup" width="${WIDTH_PX}" height="${HEIGHT_PX}" viewBox="0 0 ${WIDTH_PX} ${HEIGHT_PX}" role="img" aria-labelledby="t d">`,
    `<title id="t">${escapeXml(`Burn-up of ${chart.budgetName}, ${chart.periodKey} (${chart.currency})`)}</title>`,
    `<desc id="d">${escapeXml(description(chart))}</desc>`,
    `<style>${CHART_STYLE}</style>`,
    `<rect class="bg" width="${WIDTH_PX}" height="${HEIGHT_PX}"/>`,
    `<text class="heading" x="12" y="20">${escapeXml(heading)}</text>`,
    `<text class="summary" x="${WIDTH_PX - 12}" y="20" text-anchor="end">${escapeXml(summary)}</text>`,
    `<text x="${leftPx - 6}" y="${OVER_PLOT_BASELINE_PX}" text-anchor="end">${escapeXml(chart.currency)}</text>`,
    ...yTicks,
    ...thresholds,
    ...(forecast.length > 0 ? [`<path class="band95" d="${band((day) => day.lower95, (day) => day.upper95)}"/>`, `<path class="band80" d="${band((day) => day.lower80, (day) => day.upper80)}"/>`] : []),
    // The baseline goes under the limit line, which a limit of 0 would otherwise hide.
    `<line class="axis" x1="${leftPx}" y1="${bottomPx}" x2="${rightPx}" y2="${bottomPx}"/>`,
    ...xTicks,
    limitLine,
    ...todayMarker,
    ...(forecast.length > 0 ? [`<polyline class="p50" points="${pointList([...anchor, ...pointsOf(forecast, (day) => day.p50)])}"/>`] : []),
    ...(actual.length > 0 ? [`<polyline class="actual" points="${pointList(actual)}"/>`] : []),
    ...(lastActual ? [`<circle class="dot" cx="${px(lastActual.xPx)}" cy="${px(lastActual.yPx)}" r="3"/>`] : []),
    ...legend(legendItems),
    '</svg>',
  ].join('\n');
}
