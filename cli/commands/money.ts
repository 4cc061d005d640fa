import type { Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { CliUsageError } from '../errors.js';
import { bar, fieldsView, itemsView, type Column, type View } from '../output.js';
import { addPagingOptions, idempotencyOption } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';
import { watch } from '../watch.js';

type Status = AnswerOf<'getBudgetStatus'>;
type RollupRow = AnswerOf<'getTenantRollup'>['items'][number];
type Reservation = AnswerOf<'getReservation'>;
type LedgerEntry = AnswerOf<'listLedger'>['items'][number];

const RESERVATION_FIELDS = ['id', 'budgetId', 'amount', 'currency', 'status', 'overLimit', 'periodKey', 'expiresAt', 'chargedAmount', 'approvalId'];

function statusView(context: CliContext): View<Status, { field: string; value: unknown }> {
  const fields = fieldsView<Status>();
  return {
    columns: fields.columns,
    rows: (status) => [
      ...fields.rows(status),
      ...(context.format === 'table' ? [{ field: 'used', value: bar(status.utilization, context.colors) }] : []),
    ],
  };
}

export function rollupView(context: CliContext): View<AnswerOf<'getTenantRollup'>, RollupRow> {
  const table = context.format === 'table';
  const columns: Column<RollupRow>[] = [
    // On a terminal the tree shows by indentation; CSV and JSON keep the path.
    { header: 'budget', cell: (row) => (table ? `${'  '.repeat(row.depth - 1)}${row.name}` : row.path.join(' / ')) },
    { header: 'id', cell: (row) => row.budgetId },
    { header: 'period', cell: (row) => row.periodKey },
    { header: 'limit', cell: (row) => row.limit, kind: 'number' },
    { header: 'spent', cell: (row) => row.spent, kind: 'number' },
    { header: 'reserved', cell: (row) => row.reserved, kind: 'number' },
    { header: 'currency', cell: (row) => row.currency },
    { header: 'used', cell: (row) => (table ? bar(row.utilization, context.colors) : row.utilization), kind: 'number' },
    { header: 'state', cell: (row) => row.state },
  ];
  return itemsView(columns);
}

export function registerMoneyCommands(program: Command, context: CliContext): void {
  program.command('status').argument('[id]', 'a budget (default: every budget of the tenant, as a tree)')
    .description('Real-time status: limit, spent, reserved, available and state.')
    .option('--at <time>', 'the period containing this time (ISO 8601), default now')
    .option('--watch [seconds]', 'refresh in place every few seconds (default 5) until Ctrl-C')
    .addHelpText('after', '\nExample:\n  $ budgets status --watch\n  $ budgets status bud_01… --output json')
    .action(async (id: string | undefined, options: { at?: string; watch?: boolean | string }) => {
      const api = await context.api();
      const frame = async (): Promise<{ answer: unknown; view: View<unknown, unknown> }> => {
        if (id) return { answer: await api.call('getBudgetStatus', { path: { id }, query: { at: options.at } }), view: statusView(context) as View<unknown, unknown> };
        return { answer: await api.call('getTenantRollup', { query: { at: options.at } }), view: rollupView(context) as View<unknown, unknown> };
      };
      if (options.watch === undefined) {
        const { answer, view } = await frame();
        return context.print(answer, view);
      }
      const seconds = options.watch === true ? 5 : Number(options.watch);
      if (!Number.isFinite(seconds) || seconds < 1) throw new CliUsageError('--watch takes a number of seconds, 1 or more');
      await watch(context, seconds, frame);
    });

  program.command('reserve').argument('<budget>', 'the budget').argument('<amount>', 'a decimal amount, e.g. 12.50')
    .description('Hold an amount before an operation; charge or release it after. Exit 3 when the budget refuses.')
    .option('--ttl <seconds>', 'how long the hold lasts unless charged or released')
    .option('--currency <code>', 'must be the budget\'s (a guard against a wrong budget)')
    .option('--category <name>', 'the category it counts under')
    .option('--description <text>', 'what it is for')
    .addOption(idempotencyOption())
    .addHelpText('after', '\nExample:\n  $ budgets reserve bud_01… 12.50 --category gpt-4o --ttl 600')
    .action(async (budgetId: string, amount: string, options: { ttl?: string; currency?: string; category?: string; description?: string; idempotencyKey?: string }) => {
      const reservation = await (await context.api()).call('createReservation', {
        path: { id: budgetId },
        body: { amount, currency: options.currency, category: options.category, description: options.description, ttlSeconds: options.ttl === undefined ? undefined : Number(options.ttl) },
        idempotencyKey: options.idempotencyKey,
      });
      await context.print(reservation, fieldsView<Reservation>(RESERVATION_FIELDS));
    });

  program.command('charge').argument('<reservation>', 'the reservation').argument('[amount]', 'what it cost (default: the held amount)')
    .description('Charge a hold with what the operation cost; the rest is released.')
    .addOption(idempotencyOption())
    .addHelpText('after', '\nExample:\n  $ budgets charge res_01… 9.87')
    .action(async (rid: string, amount: string | undefined, options: { idempotencyKey?: string }) => {
      const charged = await (await context.api()).call('chargeReservation', { path: { rid }, body: amount === undefined ? {} : { amount }, idempotencyKey: options.idempotencyKey });
      await context.print(charged, fieldsView<Reservation>(RESERVATION_FIELDS));
    });

  program.command('release').argument('<reservation>', 'the reservation')
    .description('Release a hold: nothing was spent.')
    .addOption(idempotencyOption())
    .addHelpText('after', '\nExample:\n  $ budgets release res_01…')
    .action(async (rid: string, options: { idempotencyKey?: string }) => {
      const released = await (await context.api()).call('releaseReservation', { path: { rid }, idempotencyKey: options.idempotencyKey });
      await context.print(released, fieldsView<Reservation>(RESERVATION_FIELDS));
    });

  const usage = program.command('usage').description('Spend that already happened.')
    .addHelpText('after', '\nExample:\n  $ budgets usage add bud_01… 3.20 --category embeddings');
  usage.command('add').argument('<budget>', 'the budget').argument('<amount>', 'a decimal amount')
    .description('Record usage (spend that already happened; a hard budget still records it).')
    .option('--occurred-at <time>', 'when it happened (ISO 8601), default now')
    .option('--category <name>', 'the category it counts under')
    .option('--provider <name>', 'who billed it, e.g. openai')
    .option('--description <text>', 'what it was')
    .option('--reference <ref>', 'your own reference, e.g. an invoice line')
    .addOption(idempotencyOption())
    .addHelpText('after', '\nExample:\n  $ budgets usage add bud_01… 3.20 --category embeddings --provider openai')
    .action(async (budgetId: string, amount: string, options: { occurredAt?: string; category?: string; provider?: string; description?: string; reference?: string; idempotencyKey?: string }) => {
      const { idempotencyKey, ...fields } = options;
      const recorded = await (await context.api()).call('createUsage', { path: { id: budgetId }, body: { amount, ...fields }, idempotencyKey });
      await context.print(recorded, fieldsView<AnswerOf<'createUsage'>>());
    });

  addPagingOptions(program.command('ledger').argument('<budget>', 'the budget').description('The budget\'s ledger: every movement, oldest first.'))
    .option('--period <key>', 'one period, e.g. 2026-11')
    .addHelpText('after', '\nExample:\n  $ budgets ledger bud_01… --period 2026-11 --all --output csv > ledger.csv')
    .action(async (budgetId: string, options: PagingOptions & { period?: string }) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listLedger', { path: { id: budgetId }, query: { ...paging, periodKey: options.period } }));
      await context.print(page, itemsView<LedgerEntry>([
        { header: 'createdAt', cell: (entry) => entry.createdAt },
        { header: 'type', cell: (entry) => entry.type },
        { header: 'amount', cell: (entry) => entry.amount, kind: 'number' },
        { header: 'spentDelta', cell: (entry) => entry.spentDelta, kind: 'number' },
        { header: 'reservedDelta', cell: (entry) => entry.reservedDelta, kind: 'number' },
        { header: 'period', cell: (entry) => entry.periodKey },
        { header: 'reservation', cell: (entry) => entry.reservationId },
        { header: 'actor', cell: (entry) => entry.actor },
      ]));
    });
}
