import type { Command } from 'commander';
import type { AnswerOf, CallOptions } from '../client.js';
import type { CliContext } from '../context.js';
import { CliUsageError } from '../errors.js';
import { fieldsView, itemsView, type Column } from '../output.js';
import { addPagingOptions, idempotencyOption } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type Budget = AnswerOf<'getBudget'>;
type CreateBody = NonNullable<CallOptions<'createBudget'>['body']>;

export const BUDGET_COLUMNS: readonly Column<Budget>[] = [
  { header: 'id', cell: (budget) => budget.id },
  { header: 'name', cell: (budget) => budget.name },
  { header: 'scope', cell: (budget) => `${budget.scope.type}:${budget.scope.id}` },
  { header: 'parent', cell: (budget) => budget.parentId },
  { header: 'limit', cell: (budget) => budget.limit, kind: 'number' },
  { header: 'currency', cell: (budget) => budget.currency },
  { header: 'period', cell: (budget) => budget.period.type },
  { header: 'enforcement', cell: (budget) => budget.enforcement },
  { header: 'status', cell: (budget) => budget.status },
];

interface CreateOptions {
  name?: string;
  scope?: string;
  currency?: string;
  limit?: string;
  period: string;
  timezone?: string;
  parent?: string;
  enforcement?: string;
  category: string[];
  body?: string;
  idempotencyKey?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerBudgetCommands(program: Command, context: CliContext): void {
  const budgets = program.command('budgets').description('List, read, create and archive budgets.')
    .addHelpText('after', '\nExample:\n  $ budgets budgets list --scope-type team');

  addPagingOptions(budgets.command('list').description('Budgets of the tenant (active unless --status archived), oldest first.'))
    .option('--scope-type <type>', 'organization, team, project, user, service, region or custom')
    .option('--scope-id <id>', 'the scope\'s id')
    .option('--parent <id>', 'children of this budget')
    .option('--status <status>', 'active (default) or archived')
    .addHelpText('after', '\nExample:\n  $ budgets budgets list --parent bud_01… --output csv')
    .action(async (options: PagingOptions & { scopeType?: string; scopeId?: string; parent?: string; status?: string }) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listBudgets', {
        query: { ...paging, scopeType: options.scopeType, scopeId: options.scopeId, parentId: options.parent, status: options.status },
      }));
      await context.print(page, itemsView(BUDGET_COLUMNS));
    });

  budgets.command('get').argument('<id>', 'the budget').description('One budget, as the API has it.')
    .addHelpText('after', '\nExample:\n  $ budgets budgets get bud_01… --output json')
    .action(async (id: string) => {
      const budget = await (await context.api()).call('getBudget', { path: { id } });
      await context.print(budget, fieldsView<Budget>());
    });

  budgets.command('create').description('Create a budget from flags, or from a JSON body (--body) for every field of POST /v1/budgets.')
    .option('--name <name>', 'what people call it')
    .option('--scope <type:id>', 'what it covers, e.g. team:ml or project:checkout')
    .option('--currency <code>', 'ISO 4217, e.g. USD')
    .option('--limit <amount>', 'a decimal amount, e.g. 5000 or 12.50')
    .option('--period <type>', 'daily, weekly, monthly, quarterly, yearly, lifetime or custom', 'monthly')
    .option('--timezone <zone>', 'IANA time zone of the period boundaries (default UTC)')
    .option('--parent <id>', 'the parent budget')
    .option('--enforcement <mode>', 'hard (default), soft or approval')
    .option('--category <name=amount>', 'a category limit; repeat for several', collect, [])
    .option('--body <json>', 'a JSON object of POST /v1/budgets fields, merged over the flags')
    .addOption(idempotencyOption())
    .addHelpText('after', '\nExample:\n  $ budgets budgets create --name "LLM inference" --scope team:ml --currency USD --limit 5000 --category gpt-4o=3000')
    .action(async (options: CreateOptions) => {
      const created = await (await context.api()).call('createBudget', { body: createBody(options), idempotencyKey: options.idempotencyKey });
      await context.print(created, fieldsView<Budget>());
    });

  budgets.command('archive').argument('<id>', 'the budget').description('Archive a budget: it takes no new movement; its history stays.')
    .addHelpText('after', '\nExample:\n  $ budgets budgets archive bud_01…')
    .action(async (id: string) => {
      await (await context.api()).call('archiveBudget', { path: { id } });
      context.io.stderr.write(`archived ${id}\n`);
    });
}

function createBody(options: CreateOptions): CreateBody {
  const extra = options.body === undefined ? {} : parseJsonObject(options.body);
  const [scopeType, ...scopeIdParts] = (options.scope ?? '').split(':');
  const fromFlags: Record<string, unknown> = {
    name: options.name,
    scope: options.scope === undefined ? undefined : { type: scopeType, id: scopeIdParts.join(':') },
    currency: options.currency,
    limit: options.limit,
    period: { type: options.period, ...(options.timezone ? { timezone: options.timezone } : {}) },
    parentId: options.parent,
    enforcement: options.enforcement,
    categories: options.category.length > 0 ? options.category.map(categoryOf) : undefined,
  };
  const body = Object.fromEntries(Object.entries({ ...fromFlags, ...extra }).filter(([, value]) => value !== undefined));
  // The service validates every field and says which is wrong; the CLI only shapes them.
  return body as CreateBody;
}

function categoryOf(text: string): { name: string; limit: string } {
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new CliUsageError(`--category ${text}: expected name=amount`);
  return { name: text.slice(0, at), limit: text.slice(at + 1) };
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliUsageError('--body must be a JSON object');
  return parsed as Record<string, unknown>;
}
