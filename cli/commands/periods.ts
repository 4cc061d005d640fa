import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { CliUsageError } from '../errors.js';
import { fieldsView, itemsView, type View } from '../output.js';
import { addPagingOptions } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type Period = AnswerOf<'getPeriod'>;
type Reconciliation = AnswerOf<'getReconciliation'>;
type CostImport = AnswerOf<'createCostImport'>;

const PERIOD_COLUMNS = [
  { header: 'period', cell: (period: Period) => period.key },
  { header: 'state', cell: (period: Period) => period.state },
  { header: 'start', cell: (period: Period) => period.start },
  { header: 'end', cell: (period: Period) => period.end },
  { header: 'limit', cell: (period: Period) => period.limit, kind: 'number' as const },
  { header: 'spent', cell: (period: Period) => period.spent, kind: 'number' as const },
  { header: 'utilization', cell: (period: Period) => period.utilization, kind: 'number' as const },
  { header: 'rolloverIn', cell: (period: Period) => period.rolloverIn, kind: 'number' as const },
  { header: 'rolloverOut', cell: (period: Period) => period.rolloverOut, kind: 'number' as const },
];

type Figure = 'limit' | 'spent' | 'reserved';

/** Counters, ledger and drift side by side: what reconciliation compares. */
function reconciliationView(check: Reconciliation): View<Reconciliation, { figure: Figure }> {
  return {
    columns: [
      { header: 'figure', cell: (row) => row.figure },
      { header: 'counters', cell: (row) => check.counters[row.figure], kind: 'number' },
      { header: 'ledger', cell: (row) => check.ledger[row.figure], kind: 'number' },
      { header: 'drift', cell: (row) => check.drift[row.figure], kind: 'number' },
    ],
    rows: () => [{ figure: 'limit' }, { figure: 'spent' }, { figure: 'reserved' }],
  };
}

export function registerPeriodCommands(program: Command, context: CliContext): void {
  addPagingOptions(program.command('periods').argument('<budget>', 'the budget').description('The budget\'s periods, most recent first, with their rollover.'))
    .addHelpText('after', '\nExample:\n  $ budgets periods bud_01…')
    .action(async (budgetId: string, options: PagingOptions) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listPeriods', { path: { id: budgetId }, query: paging }));
      await context.print(page, itemsView(PERIOD_COLUMNS));
    });

  program.command('close').argument('<budget>', 'the budget').argument('<period>', 'the period key, e.g. 2026-10')
    .description('Close a period that has ended (and any earlier one still open), carrying its rollover.')
    .addHelpText('after', '\nExample:\n  $ budgets close bud_01… 2026-10')
    .action(async (budgetId: string, key: string) => {
      const closed = await (await context.api()).call('closePeriod', { path: { id: budgetId, key } });
      await context.print(closed, fieldsView<Period>());
    });

  program.command('reconcile').argument('<budget>', 'the budget')
    .description('Check the counters against the ledger (and imported cost actuals) for one period. Exit 1 when they drift.')
    .option('--period <key>', 'the period, default the one containing now')
    .addHelpText('after', '\nExample:\n  $ budgets reconcile bud_01… --period 2026-11')
    .action(async (budgetId: string, options: { period?: string }) => {
      const check = await (await context.api()).call('getReconciliation', { path: { id: budgetId }, query: { periodKey: options.period } });
      await context.print(check, reconciliationView(check));
      if (!check.consistent) throw new Error(`${budgetId} ${check.periodKey}: counters drift from the ledger`);
    });

  program.command('import').argument('<file>', 'a FOCUS 1.0 CSV export (up to 10 MiB)')
    .description('Import actual costs from a FOCUS export into the budgets whose cost source is focus.')
    .addHelpText('after', '\nExample:\n  $ budgets import focus-2026-11.csv')
    .action(async (file: string) => {
      let csv: string;
      try {
        csv = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliUsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const result = await (await context.api()).call('createCostImport', { csv });
      await context.print(result, fieldsView<CostImport>());
    });
}
