import type { Command } from 'commander';
import type { AnswerOf } from '../client.js';
import { forecastChart } from '../chart.js';
import type { CliContext } from '../context.js';
import { fieldsView, itemsView } from '../output.js';
import { rollupView } from './money.js';

type BudgetForecast = AnswerOf<'getBudgetForecast'>;
type BudgetReport = AnswerOf<'getBudgetReport'>;
type Category = BudgetReport['categories'][number];

const FORECAST_FIELDS = ['budgetId', 'periodKey', 'periodEnd', 'method', 'limit', 'spentToDate', 'reserved', 'projectedSpend', 'projectedUtilization', 'probabilityOfExceeding', 'exhaustion', 'intervals'];

export function registerReportCommands(program: Command, context: CliContext): void {
  program.command('forecast').argument('<budget>', 'the budget')
    .description('Projected spend at the period end with its intervals and the exhaustion date; on a terminal, a chart of spend, forecast and limit.')
    .option('--at <time>', 'the period containing this time (ISO 8601), default now')
    .addHelpText('after', '\nExample:\n  $ budgets forecast bud_01…')
    .action(async (budgetId: string, options: { at?: string }) => {
      const forecast = await (await context.api()).call('getBudgetForecast', { path: { id: budgetId }, query: { at: options.at } });
      await context.print(forecast, fieldsView<BudgetForecast>(FORECAST_FIELDS));
      if (context.format === 'table') context.write(`\n${forecastChart(forecast, context.colors)}`);
    });

  program.command('report').argument('[budget]', 'a budget (default: the roll-up of every budget of the tenant)')
    .description('The period\'s report: a budget\'s figures, variance and categories, or the tenant\'s roll-up. --csv prints the service\'s CSV.')
    .option('--at <time>', 'the period containing this time (ISO 8601), default now')
    .option('--csv', 'the service\'s own CSV (what a spreadsheet opens), to stdout')
    .option('--scope-type <type>', 'roll-up: only budgets of this scope type')
    .option('--parent <id>', 'roll-up: only the budgets below this one')
    .addHelpText('after', '\nExample:\n  $ budgets report bud_01…\n  $ budgets report --csv > november.csv')
    .action(async (budgetId: string | undefined, options: { at?: string; csv?: boolean; scopeType?: string; parent?: string }) => {
      const api = await context.api();
      if (options.csv) {
        const csv = budgetId
          ? await api.text('getBudgetReport', { path: { id: budgetId }, query: { at: options.at }, accept: 'text/csv' })
          : await api.text('getTenantRollup', { query: { at: options.at, scopeType: options.scopeType, parentId: options.parent }, accept: 'text/csv' });
        return context.write(csv);
      }
      if (!budgetId) {
        const rollup = await api.call('getTenantRollup', { query: { at: options.at, scopeType: options.scopeType, parentId: options.parent } });
        return context.print(rollup, rollupView(context));
      }
      const report = await api.call('getBudgetReport', { path: { id: budgetId }, query: { at: options.at } });
      // JSON is the report as answered; CSV (as the service's) has one row per category.
      if (context.format !== 'table') return context.print(report, { columns: CATEGORY_COLUMNS, rows: (answer: BudgetReport) => answer.categories });
      await context.print(report, fieldsView<BudgetReport>(['period', 'currency', 'limit', 'spent', 'reserved', 'available', 'utilization', 'state', 'variance', 'forecast']));
      context.write('\n');
      await context.print({ items: report.categories }, itemsView(CATEGORY_COLUMNS));
    });
}

const CATEGORY_COLUMNS = [
  { header: 'category', cell: (category: Category) => category.name },
  { header: 'planned', cell: (category: Category) => category.planned, kind: 'number' as const },
  { header: 'spent', cell: (category: Category) => category.spent, kind: 'number' as const },
  { header: 'variance', cell: (category: Category) => category.variance, kind: 'number' as const },
  { header: 'share %', cell: (category: Category) => category.share, kind: 'number' as const },
];
