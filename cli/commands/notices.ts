import type { Command } from 'commander';
import type { AnswerOf } from '../client.js';
import type { CliContext } from '../context.js';
import { fieldsView, itemsView } from '../output.js';
import { addPagingOptions, idempotencyOption } from '../options.js';
import { pageOrAll, type PagingOptions } from '../paging.js';

type Alert = AnswerOf<'acknowledgeAlert'>;
type Approval = AnswerOf<'getApproval'>;

const ALERT_COLUMNS = [
  { header: 'id', cell: (alert: Alert) => alert.id },
  { header: 'budget', cell: (alert: Alert) => alert.budgetId },
  { header: 'period', cell: (alert: Alert) => alert.periodKey },
  { header: 'kind', cell: (alert: Alert) => alert.kind },
  { header: 'threshold', cell: (alert: Alert) => alert.threshold, kind: 'number' as const },
  { header: 'utilization', cell: (alert: Alert) => alert.utilization, kind: 'number' as const },
  { header: 'severity', cell: (alert: Alert) => alert.severity },
  { header: 'state', cell: (alert: Alert) => alert.state },
  { header: 'triggeredAt', cell: (alert: Alert) => alert.triggeredAt },
];

const APPROVAL_COLUMNS = [
  { header: 'id', cell: (approval: Approval) => approval.id },
  { header: 'budget', cell: (approval: Approval) => approval.budgetId },
  { header: 'amount', cell: (approval: Approval) => approval.amount, kind: 'number' as const },
  { header: 'overrun', cell: (approval: Approval) => approval.overrunAmount, kind: 'number' as const },
  { header: 'level', cell: (approval: Approval) => approval.level },
  { header: 'status', cell: (approval: Approval) => approval.status },
  { header: 'expiresAt', cell: (approval: Approval) => approval.expiresAt },
  { header: 'decidedBy', cell: (approval: Approval) => approval.decidedBy },
];

export function registerNoticeCommands(program: Command, context: CliContext): void {
  const alerts = program.command('alerts').description('Threshold alerts (actual and forecast).')
    .addHelpText('after', '\nExample:\n  $ budgets alerts list --state active');
  addPagingOptions(alerts.command('list').description('Alerts of the tenant, or of one budget, most recent first.'))
    .option('--budget <id>', 'one budget\'s alerts')
    .option('--state <state>', 'active, acknowledged or resolved')
    .addHelpText('after', '\nExample:\n  $ budgets alerts list --budget bud_01… --state active')
    .action(async (options: PagingOptions & { budget?: string; state?: string }) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listAlerts', { query: { ...paging, budgetId: options.budget, state: options.state } }));
      await context.print(page, itemsView(ALERT_COLUMNS));
    });
  alerts.command('ack').argument('<alert>', 'the alert').description('Acknowledge an active alert.')
    .addHelpText('after', '\nExample:\n  $ budgets alerts ack alr_01…')
    .action(async (aid: string) => {
      const alert = await (await context.api()).call('acknowledgeAlert', { path: { aid } });
      await context.print(alert, fieldsView<Alert>());
    });

  const approvals = program.command('approvals').description('Overruns of approval budgets, waiting for a decision.')
    .addHelpText('after', '\nExample:\n  $ budgets approvals list --status pending');
  addPagingOptions(approvals.command('list').description('Approval requests, oldest first.'))
    .option('--status <status>', 'pending, approved, denied or expired')
    .option('--budget <id>', 'one budget\'s requests')
    .addHelpText('after', '\nExample:\n  $ budgets approvals list --status pending')
    .action(async (options: PagingOptions & { status?: string; budget?: string }) => {
      const api = await context.api();
      const page = await pageOrAll(context, options, (paging) => api.call('listApprovals', { query: { ...paging, status: options.status, budgetId: options.budget } }));
      await context.print(page, itemsView(APPROVAL_COLUMNS));
    });
  for (const decision of ['approve', 'deny'] as const) {
    approvals.command(decision).argument('<approval>', 'the approval request')
      .description(decision === 'approve' ? 'Approve: the held overrun counts against the budget. Exit 3 if the budget can no longer take it.' : 'Deny: nothing is held.')
      .option('--comment <text>', 'why, for the record')
      .addOption(idempotencyOption())
      .addHelpText('after', `\nExample:\n  $ budgets approvals ${decision} apr_01… --comment "quarter-end batch"`)
      .action(async (id: string, options: { comment?: string; idempotencyKey?: string }) => {
        const body = options.comment === undefined ? {} : { comment: options.comment };
        const api = await context.api();
        const decided = decision === 'approve'
          ? await api.call('approveApproval', { path: { id }, body, idempotencyKey: options.idempotencyKey })
          : await api.call('denyApproval', { path: { id }, body, idempotencyKey: options.idempotencyKey });
        await context.print(decided, fieldsView<Approval>());
      });
  }
}
