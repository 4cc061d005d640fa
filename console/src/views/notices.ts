import type { AnswerOf } from '../../../shared/http/route-types.js';
import { call, may } from '../api.js';
import { actionButton, h } from '../dom.js';
import type { Rollup } from './tree.js';

type Alert = AnswerOf<'acknowledgeAlert'>;
type Approval = AnswerOf<'getApproval'>;

/** A budget named as people know it (the roll-up has every active one), linked to its page. */
function budgetLink(rollup: Rollup, budgetId: string): HTMLElement {
  const row = rollup.items.find((item) => item.budgetId === budgetId);
  return h('a', { href: `#/budgets/${encodeURIComponent(budgetId)}` }, row ? row.path.join(' / ') : budgetId);
}

const currencyOf = (rollup: Rollup, budgetId: string) => rollup.items.find((item) => item.budgetId === budgetId)?.currency ?? '';

/** Active alerts, each with Acknowledge when the key may. */
export async function alertsView(rollup: Rollup, refresh: () => void, report: (error: unknown) => void): Promise<HTMLElement> {
  const [page, canAcknowledge] = await Promise.all([call('listAlerts', { query: { state: 'active' } }), may('acknowledgeAlert')]);
  const acknowledge = (alert: Alert) => actionButton('Acknowledge', () => call('acknowledgeAlert', { path: { aid: alert.id } }).then(refresh), report);
  return h('section', { 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, 'Active alerts'),
    page.items.length === 0 ? h('p', {}, 'No active alerts.') : h('ul', { class: 'cards' }, ...page.items.map((alert) => h('li', { class: `card severity-${alert.severity}` },
      h('p', {}, budgetLink(rollup, alert.budgetId), ` crossed ${alert.threshold} % (${alert.kind}) in ${alert.periodKey}: ${alert.utilization} % used`),
      h('p', { class: 'muted' }, `${alert.severity} · ${new Date(alert.triggeredAt).toLocaleString()}`),
      canAcknowledge && acknowledge(alert)))));
}

/** Pending approvals, each with Approve and Deny when the key may. */
export async function approvalsView(rollup: Rollup, refresh: () => void, report: (error: unknown) => void): Promise<HTMLElement> {
  const [page, canDecide] = await Promise.all([call('listApprovals', { query: { status: 'pending' } }), may('approveApproval')]);
  const decide = (approval: Approval, decision: 'approveApproval' | 'denyApproval', label: string) => {
    // One key per decision shown: a second click, or a retry, answers the first decision.
    const idempotencyKey = crypto.randomUUID();
    return actionButton(label, () => call(decision, { path: { id: approval.id }, body: {}, idempotencyKey }).then(refresh), report, {
      class: decision === 'approveApproval' ? 'primary' : '',
      'aria-label': `${label} ${approval.amount} ${currencyOf(rollup, approval.budgetId)} on ${rollup.items.find((item) => item.budgetId === approval.budgetId)?.name ?? approval.budgetId}`,
    });
  };
  return h('section', { 'aria-labelledby': 'approvals-title' }, h('h2', { id: 'approvals-title' }, 'Pending approvals'),
    page.items.length === 0 ? h('p', {}, 'Nothing waits for a decision.') : h('ul', { class: 'cards' }, ...page.items.map((approval) => h('li', { class: 'card', 'data-approval-id': approval.id },
      h('p', {}, `${approval.amount} ${currencyOf(rollup, approval.budgetId)} requested on `, budgetLink(rollup, approval.budgetId),
        `, ${approval.overrunAmount} ${currencyOf(rollup, approval.budgetId)} over the limit; needs a ${approval.level}`),
      h('p', { class: 'muted' }, `expires ${new Date(approval.expiresAt).toLocaleString()}`),
      canDecide && h('div', { class: 'actions' }, decide(approval, 'approveApproval', 'Approve'), decide(approval, 'denyApproval', 'Deny'))))));
}
