import type { AnswerOf } from '../../../shared/http/route-types.js';
import { call, ProblemError, send } from '../api.js';
import { actionButton, download, h, usageBar } from '../dom.js';

type BudgetReport = AnswerOf<'getBudgetReport'>;
type BudgetForecast = AnswerOf<'getBudgetForecast'>;

/** One budget: its figures, the burn-up chart, the forecast and the report's categories, with a CSV download. */
export async function budgetView(budgetId: string, reportError: (error: unknown) => void): Promise<HTMLElement> {
  const [report, forecast, chart] = await Promise.all([
    call('getBudgetReport', { path: { id: budgetId } }),
    // A budget may have no forecast (4xx); a failure of the service is shown like any other.
    call('getBudgetForecast', { path: { id: budgetId } }).catch((error: unknown) => {
      if (error instanceof ProblemError && error.status >= 400 && error.status < 500) return null;
      throw error;
    }),
    send('getBudgetChart', { path: { id: budgetId }, accept: 'image/svg+xml' }).then((response) => response.text()),
  ]);
  const { budget } = report;
  const csv = actionButton('Download report CSV', async () => download(
    `report-${budget.name}-${report.period.key}.csv`,
    await (await send('getBudgetReport', { path: { id: budgetId }, accept: 'text/csv' })).blob(),
  ), reportError);
  return h('section', { 'aria-labelledby': 'budget-title', class: 'budget' },
    h('p', {}, h('a', { href: '#/' }, '← All budgets')),
    h('div', { class: 'section-head' }, h('h2', { id: 'budget-title', tabindex: -1 }, budget.name), csv),
    figures(report),
    chartOf(chart),
    forecast ? forecastOf(forecast) : h('p', {}, 'No forecast for this period.'),
    categoriesOf(report));
}

function figures(report: BudgetReport): HTMLElement {
  const currency = report.currency;
  const rows: Array<[string, string | HTMLElement]> = [
    ['Period', report.period.key],
    ['Limit', `${report.limit} ${currency}`],
    ['Spent', `${report.spent} ${currency}`],
    ['Reserved', `${report.reserved} ${currency}`],
    ['Available', `${report.available} ${currency}`],
    ['Used', usageBar(report.utilization, `${report.utilization} % used`)],
    ['State', h('span', { class: `state state-${report.state}` }, report.state)],
    ['Variance', `${report.variance.amount} ${currency}${report.variance.percent === null ? '' : ` (${report.variance.percent} %)`}`],
  ];
  return h('dl', { class: 'figures' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** The server's SVG, shown as an image (its scripts, if any, never run), described by its own <desc>. */
function chartOf(svg: string): HTMLElement {
  const description = new DOMParser().parseFromString(svg, 'image/svg+xml').querySelector('desc')?.textContent ?? 'Burn-up chart';
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  return h('figure', { class: 'chart' }, h('img', { src: url, alt: description, width: 600, height: 300 }), h('figcaption', {}, description));
}

function forecastOf(forecast: BudgetForecast): HTMLElement {
  const currency = forecast.currency;
  const intervals = forecast.intervals.map((interval) => `${interval.level} %: ${interval.lower} – ${interval.upper} ${currency}`).join('; ');
  const rows: Array<[string, string]> = [
    ['Projected at period end (p50)', `${forecast.projectedSpend} ${currency} (${forecast.projectedUtilization} % of the limit)`],
    ['Intervals', intervals],
    ['Chance of exceeding', `${Math.round(forecast.probabilityOfExceeding * 100)} %`],
    ['Runs out', forecast.exhaustion.date ?? (forecast.exhaustion.earliest ? `possibly from ${forecast.exhaustion.earliest}` : 'not in this period')],
    ['Method', forecast.method],
  ];
  return h('section', { 'aria-labelledby': 'forecast-title' }, h('h3', { id: 'forecast-title' }, 'Forecast'),
    h('dl', { class: 'figures' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
}

function categoriesOf(report: BudgetReport): HTMLElement {
  return h('section', { 'aria-labelledby': 'categories-title' }, h('h3', { id: 'categories-title' }, 'Categories'),
    report.categories.length === 0 ? h('p', {}, 'No categories.') : h('table', {},
      h('thead', {}, h('tr', {}, ...['Category', 'Planned', 'Spent', 'Variance', 'Share'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, ...report.categories.map((category) => h('tr', {},
        h('th', { scope: 'row' }, category.name),
        h('td', { class: 'number' }, category.planned ?? '—'),
        h('td', { class: 'number' }, category.spent),
        h('td', { class: 'number' }, category.variance ?? '—'),
        h('td', { class: 'number' }, category.share === null ? '—' : `${category.share} %`))))));
}
