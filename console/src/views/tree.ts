import type { AnswerOf } from '../../../shared/http/route-types.js';
import { call, send } from '../api.js';
import { actionButton, download, h, usageBar } from '../dom.js';

export type Rollup = AnswerOf<'getTenantRollup'>;
type RollupRow = Rollup['items'][number];

export const loadRollup = (): Promise<Rollup> => call('getTenantRollup');

/** Every active budget as a tree (the roll-up is parents before children), with its bar and state. */
export function treeView(rollup: Rollup, report: (error: unknown) => void): HTMLElement {
  const csv = actionButton('Download CSV', async () => download('budgets-rollup.csv', await (await send('getTenantRollup', { accept: 'text/csv' })).blob()), report);
  if (rollup.items.length === 0) return h('section', { 'aria-labelledby': 'tree-title' }, h('h2', { id: 'tree-title' }, 'Budgets'), h('p', {}, 'No budgets yet.'));
  return h('section', { 'aria-labelledby': 'tree-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'tree-title' }, 'Budgets'), csv),
    h('table', { class: 'tree' },
      h('thead', {}, h('tr', {}, ...['Budget', 'Period', 'Spent', 'Limit', 'Used', 'State'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, ...rollup.items.map(rowOf))));
}

function rowOf(row: RollupRow): HTMLElement {
  const name = h('th', { scope: 'row' }, h('a', { href: `#/budgets/${encodeURIComponent(row.budgetId)}`, 'aria-label': row.path.join(' / ') }, row.name));
  // Set through the CSS object model: the page's policy allows no inline style attribute.
  name.style.paddingInlineStart = `${(row.depth - 1) * 1.25 + 0.5}rem`;
  return h('tr', { 'data-budget-id': row.budgetId },
    name,
    h('td', {}, row.periodKey),
    h('td', { class: 'number' }, `${row.spent} ${row.currency}`),
    h('td', { class: 'number' }, `${row.limit} ${row.currency}`),
    h('td', {}, usageBar(row.utilization, `${row.name}: ${row.utilization} % used`)),
    h('td', {}, h('span', { class: `state state-${row.state}` }, row.state)));
}
