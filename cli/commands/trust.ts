import { InvalidArgumentError, type Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { fieldsView, itemsView } from '../output.js';
import { addPagingOptions } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type AuditEntry = AnswerOf<'listAudit'>['items'][number];
type Scope = { type: 'organization' | 'team' | 'project' | 'user' | 'service' | 'region' | 'custom'; id: string };

/** `type:id`, the id itself may hold colons (`user:alice@example.com`). */
function scopeOf(value: string): Scope {
  const [type, ...idParts] = value.split(':');
  if (!type || idParts.length === 0 || idParts.join(':') === '') throw new InvalidArgumentError('must be <type>:<id>, e.g. user:alice@example.com');
  return { type: type as Scope['type'], id: idParts.join(':') };
}

/** Who changed what (the audit trail) and what is kept about a scope (privacy), for admins. */
export function registerTrustCommands(program: Command, context: CliContext): void {
  addPagingOptions(program.command('audit').description('The audit trail, newest first (role admin).'))
    .option('--resource-type <type>', 'budget, apiKey, tenant, alert, approval, period, ledgerEntry, costImport, privacyRequest…')
    .option('--resource-id <id>', 'with --resource-type: one resource\'s entries')
    .option('--action <action>', 'e.g. budget.updated')
    .option('--from <time>', 'entries at or after this ISO 8601 time')
    .option('--to <time>', 'entries at or before this ISO 8601 time')
    .addHelpText('after', '\nExample:\n  $ budgets audit --resource-type budget --resource-id bud_01…')
    .action(async (options: PagingOptions & { resourceType?: string; resourceId?: string; action?: string; from?: string; to?: string }) => {
      const { resourceType, resourceId, action, from, to } = options;
      const api = await context.api();
      const query = { ...(resourceType && { resourceType }), ...(resourceId && { resourceId }), ...(action && { action }), ...(from && { from }), ...(to && { to }) };
      const page = await pageOrAll(context, options, (paging) => api.call('listAudit', { query: { ...query, ...paging } }));
      await context.print(page, itemsView<AuditEntry>([
        { header: 'at', cell: (entry) => entry.at },
        { header: 'actor', cell: (entry) => ('system' in entry.actor ? entry.actor.system : entry.actor.name) },
        { header: 'action', cell: (entry) => entry.action },
        { header: 'resource', cell: (entry) => `${entry.resourceType}:${entry.resourceId}` },
        { header: 'changes', cell: (entry) => JSON.stringify(entry.changes) },
      ]));
    });

  const privacy = program.command('privacy').description('What is recorded under a scope: export it, or erase its text (role admin).')
    .addHelpText('after', '\nExample:\n  $ budgets privacy export user:alice@example.com');
  privacy.command('export').argument('<scope>', '<type>:<id>, e.g. user:alice@example.com', scopeOf)
    .description('Every budget of the scope and everything recorded on it, as JSON on stdout.')
    .addHelpText('after', '\nExample:\n  $ budgets privacy export user:alice@example.com > alice.json')
    .action(async (scope: Scope) => {
      const exported = await (await context.api()).call('exportPrivacy', { body: { scope } });
      context.write(`${JSON.stringify(exported, null, 2)}\n`);
    });
  privacy.command('erase').argument('<scope>', '<type>:<id>', scopeOf)
    .description('Replace the free text of the scope\'s budgets and records with [erased]; every amount stays.')
    .requiredOption('--reason <reason>', 'why (kept in the audit trail), e.g. a request\'s reference')
    .addHelpText('after', '\nExample:\n  $ budgets privacy erase user:alice@example.com --reason "GDPR request 117"')
    .action(async (scope: Scope, options: { reason: string }) => {
      const erased = await (await context.api()).call('erasePrivacy', { body: { scope, reason: options.reason } });
      await context.print(erased, fieldsView<typeof erased>());
    });
}
