import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { fieldsView, itemsView } from '../output.js';
import { addPagingOptions } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type ApiKey = AnswerOf<'listApiKeys'>['items'][number];
type Tenant = AnswerOf<'listTenants'>['items'][number];

function wholeNumber(value: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function rateLimit(value: string): { requestsPerSecond: number; burst: number } {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be <requests per second>/<burst>, e.g. 10/20');
  return { requestsPerSecond: Number(match[1]), burst: Number(match[2]) };
}

const list = (value: string) => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

export function registerAccessCommands(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('API keys of your tenant (role admin).')
    .addHelpText('after', '\nExample:\n  $ budgets keys create --name ci --roles writer');
  keys.command('create').description('Create a key; its secret is printed once, here.')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--roles <roles>', 'comma-separated: admin, manager, writer, approver, viewer', list)
    .addOption(new Option('--max-approval-level <level>', 'the highest approval level it may decide').choices(['manager', 'director', 'executive']))
    .option('--rate-limit <rps/burst>', 'its own rate limit, e.g. 10/20 (default 1000/2000)', rateLimit)
    .addHelpText('after', '\nExample:\n  $ budgets keys create --name "team lead" --roles approver --max-approval-level manager')
    .action(async (options: { name: string; roles: string[]; maxApprovalLevel?: 'manager' | 'director' | 'executive'; rateLimit?: { requestsPerSecond: number; burst: number } }) => {
      const created = await (await context.api()).call('createApiKey', {
        body: {
          name: options.name, roles: options.roles as never,
          ...(options.maxApprovalLevel && { maxApprovalLevel: options.maxApprovalLevel }),
          ...(options.rateLimit && { rateLimit: options.rateLimit }),
        },
      });
      await context.print(created, fieldsView<typeof created>());
    });
  addPagingOptions(keys.command('list').description('The tenant\'s active keys, without secrets.'))
    .addHelpText('after', '\nExample:\n  $ budgets keys list')
    .action(async (options: PagingOptions) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listApiKeys', { query: paging }));
      await context.print(page, itemsView<ApiKey>([
        { header: 'id', cell: (key) => key.id },
        { header: 'name', cell: (key) => key.name },
        { header: 'roles', cell: (key) => key.roles.join(',') },
        { header: 'maxApprovalLevel', cell: (key) => key.maxApprovalLevel },
        { header: 'rateLimit', cell: (key) => `${key.rateLimit.requestsPerSecond}/${key.rateLimit.burst}` },
        { header: 'lastUsedAt', cell: (key) => key.lastUsedAt ?? '' },
        { header: 'createdAt', cell: (key) => key.createdAt },
      ]));
    });
  keys.command('rotate').argument('<id>', 'the key').description('A new secret for the key, printed once; the old one works for --grace seconds more.')
    .option('--grace <seconds>', 'how long the old secret keeps working (0-86400, default 0)', wholeNumber)
    .addHelpText('after', '\nExample:\n  $ budgets keys rotate key_01… --grace 3600')
    .action(async (id: string, options: { grace?: number }) => {
      const rotated = await (await context.api()).call('rotateApiKey', { path: { id }, body: options.grace === undefined ? {} : { graceSeconds: options.grace } });
      await context.print(rotated, fieldsView<typeof rotated>());
    });
  keys.command('revoke').argument('<id>', 'the key').description('Revoke a key: it stops working.')
    .addHelpText('after', '\nExample:\n  $ budgets keys revoke key_01…')
    .action(async (id: string) => {
      await (await context.api()).call('revokeApiKey', { path: { id } });
      context.io.stderr.write(`revoked ${id}\n`);
    });

  const tenants = program.command('tenants').description('Tenants of the service (role platform).')
    .addHelpText('after', '\nExample:\n  $ budgets tenants create acme --name "Acme Corp"');
  tenants.command('create').argument('<id>', '1-64 lowercase letters, digits or inner hyphens').description('Create a tenant and its first admin key (printed once).')
    .requiredOption('--name <name>', 'the tenant\'s name')
    .addHelpText('after', '\nExample:\n  $ budgets tenants create acme --name "Acme Corp"')
    .action(async (id: string, options: { name: string }) => {
      const created = await (await context.api()).call('createTenant', { body: { id, name: options.name } });
      await context.print(created, fieldsView<typeof created>());
    });
  addPagingOptions(tenants.command('list').description('Every tenant, by id.'))
    .addHelpText('after', '\nExample:\n  $ budgets tenants list --all')
    .action(async (options: PagingOptions) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listTenants', { query: paging }));
      await context.print(page, itemsView<Tenant>([
        { header: 'id', cell: (tenant) => tenant.id },
        { header: 'name', cell: (tenant) => tenant.name },
        { header: 'createdAt', cell: (tenant) => tenant.createdAt },
      ]));
    });
}
