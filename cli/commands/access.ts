import type { Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { fieldsView, itemsView } from '../output.js';
import { addPagingOptions } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type ApiKey = AnswerOf<'listApiKeys'>['items'][number];

const list = (value: string) => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

export function registerAccessCommands(program: Command, context: CliContext): void {
  const keys = program.command('keys').description('API keys of your tenant (role admin).')
    .addHelpText('after', '\nExample:\n  $ budgets keys create --name ci --roles writer');
  keys.command('create').description('Create a key; its secret is printed once, here.')
    .requiredOption('--name <name>', 'what the key is for')
    .requiredOption('--roles <roles>', 'comma-separated: admin, manager, writer, approver, viewer', list)
    .addHelpText('after', '\nExample:\n  $ budgets keys create --name "checkout service" --roles writer')
    .action(async (options: { name: string; roles: string[] }) => {
      const created = await (await context.api()).call('createApiKey', { body: { name: options.name, roles: options.roles as never } });
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
        { header: 'createdAt', cell: (key) => key.createdAt },
      ]));
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
}
